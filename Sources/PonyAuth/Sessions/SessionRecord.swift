public import Foundation
public import PonyORM

/// A stored session: a row of Django's `django_session` table (Django's
/// `django.contrib.sessions.models.Session`).
@Model(modelName: "Session", table: "django_session", appLabel: "sessions", verboseName: "session")
public struct SessionRecord {
    /// The key, the value of the session cookie.
    @Field(primaryKey: true, maxLength: 40, verboseName: "session key") public var sessionKey: String
    /// The data, signed as Django's `SessionStore.encode` signs it.
    @Field(verboseName: "session data") public var sessionData: String
    /// When the session stops being valid.
    @Field(dbIndex: true, verboseName: "expire date") public var expireDate: Date
}

extension AppConfig {
    /// Django's `django.contrib.sessions`: the `django_session` table, migration
    /// `sessions.0001_initial` as Django names it.
    public static let sessions = AppConfig(
        label: "sessions", models: [SessionRecord.self],
        migrations: [
            Migration(
                name: "0001_initial", dependencies: [],
                operations: [.createModel(ModelState(SessionRecord.schemaInfo))],
                initial: true)
        ])
}
