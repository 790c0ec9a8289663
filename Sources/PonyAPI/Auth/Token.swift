public import Foundation
public import PonyAuth
public import PonyORM

/// An API token of a user: a row of Django REST framework's `authtoken_token` table, so that
/// tokens a DRF project issued keep working (``TokenAuth`` reads them).
@Model(table: "authtoken_token", appLabel: "authtoken", verboseName: "token")
public struct Token {
    /// The token itself: 40 hexadecimal digits.
    @Field(primaryKey: true, maxLength: 40) public var key: String = Token.newKey()
    /// When it was made.
    @Field(autoNowAdd: true) public var created: Date
    /// Whose it is (one token per user).
    @Field(onDelete: .cascade, relatedName: "auth_token") public var user: OneToOne<User>

    /// 20 random bytes in hexadecimal, as DRF's `Token.generate_key`.
    public static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The token of the user called `username`, made if there is none (DRF's
    /// `drf_create_token`); `regenerate` replaces an existing one.
    public static func forUser(_ username: String, regenerate: Bool = false) async throws -> Token {
        guard let user = try await User.objects.filter(\.username, .exact(username)).first() else {
            throw CommandError("user \(username) does not exist")
        }
        let existing = try await Token.objects.filter("user", user.id ?? 0).first()
        if let existing, !regenerate { return existing }
        if let existing { _ = try await existing.delete() }
        return try await Token(user: OneToOne(user)).save()
    }
}

extension AppConfig {
    /// Django REST framework's `rest_framework.authtoken`: the `authtoken_token` table, under
    /// DRF's migration names (0002–0004 change no table).
    public static let authToken = AppConfig(
        label: "authtoken", models: [Token.self],
        migrations: BuiltInMigrations.decode([
            "0001_initial": #"""
            {"initial": true, "dependencies": ["auth.__first__"], "operations": [
              {"type": "CreateModel", "name": "Token", "table": "authtoken_token", "fields": [
                {"name": "key", "type": "CharField", "max_length": 40, "primary_key": true},
                {"name": "created", "type": "DateTimeField"},
                {"name": "user", "type": "OneToOneField", "to": "auth.user", "on_delete": "CASCADE",
                 "related_name": "auth_token"}]}]}
            """#,
            "0002_auto_20160226_1747": #"""
            {"dependencies": ["0001_initial"], "operations": [{"type": "RunSQL", "sql": [], "reverse_sql": []}]}
            """#,
            "0003_tokenproxy": #"""
            {"dependencies": ["0002_auto_20160226_1747"], "operations": [{"type": "RunSQL", "sql": [], "reverse_sql": []}]}
            """#,
            "0004_alter_tokenproxy_options": #"""
            {"dependencies": ["0003_tokenproxy"], "operations": [{"type": "RunSQL", "sql": [], "reverse_sql": []}]}
            """#,
        ]),
        requires: ["auth"])
}

extension App {
    /// API tokens (DRF's `rest_framework.authtoken`) for ``TokenAuth``, with the
    /// `createtoken USERNAME [-r]` command. Needs `auth` installed before it.
    public static func authToken() -> App {
        App(
            config: .authToken,
            commands: [
                Command(
                    "createtoken", usage: "USERNAME [-r]",
                    summary: "Print a user's API token, made if there is none (-r: replace it)."
                ) { context in
                    guard let username = context.positional().first else {
                        throw CommandError("createtoken needs a username.")
                    }
                    let token = try await Token.forUser(username, regenerate: context.arguments.contains("-r"))
                    context.write("Generated token \(token.key) for user \(username)\n")
                    return 0
                }
            ])
    }
}
