import Foundation
import PonyORM
import Synchronization
import Testing

@Model(appLabel: "notes")
struct CommitNote {
    @Field(maxLength: 20) var text: String
}

/// `ORM.onCommit` runs callbacks when Django 5.2's `transaction.on_commit` does, in the same
/// order, for the same scenarios (fixture `on_commit.json`, from `generate_on_commit.py` and
/// real Django, whose functions these mirror line for line), on SQLite and PostgreSQL.
@Suite struct OnCommitTests {
    struct Fixture: Decodable {
        let logs: [String: [String]]
    }

    struct Rollback: Error {}
    struct CallbackFailed: Error {}

    /// The events of one scenario, in order.
    final class Log: Sendable {
        private let events = Mutex<[String]>([])
        func append(_ event: String) { events.withLock { $0.append(event) } }
        var all: [String] { events.withLock { $0 } }

        func hook(_ name: String) -> @Sendable () async throws -> Void { { self.append(name) } }
        func counting(_ name: String) -> @Sendable () async throws -> Void {
            { self.append("\(name) rows=\(try await CommitNote.objects.count())") }
        }
        var failing: @Sendable () async throws -> Void {
            {
                self.append("fail")
                throw CallbackFailed()
            }
        }
        func rows() async throws { append("rows=\(try await CommitNote.objects.count())") }
    }

    static let scenarios: [String: @Sendable (Log) async throws -> Void] = [
        "outside": { log in
            try await onCommit(log.hook("A"))
            log.append("after")
        },
        "committed": { log in
            try await atomic {
                _ = try await CommitNote.objects.create(CommitNote(text: "one"))
                try await onCommit(log.counting("A"))
                try await onCommit(log.hook("B"))
                log.append("body")
            }
            log.append("after")
        },
        "rolled_back": { log in
            do {
                try await atomic {
                    _ = try await CommitNote.objects.create(CommitNote(text: "two"))
                    try await onCommit(log.hook("A"))
                    throw Rollback()
                }
            } catch is Rollback {
                log.append("rolled back")
            }
            try await log.rows()
        },
        "savepoints": { log in
            try await atomic {
                try await onCommit(log.hook("A"))
                try await atomic {
                    try await onCommit(log.hook("B"))
                    try await atomic { try await onCommit(log.hook("C")) }
                }
                do {
                    try await atomic {
                        try await onCommit(log.hook("D"))
                        try await atomic { try await onCommit(log.hook("E")) }
                        throw Rollback()
                    }
                } catch is Rollback {
                    log.append("rolled back")
                }
                try await onCommit(log.hook("F"))
                log.append("body")
            }
            log.append("after")
        },
        "robust": { log in
            try await atomic {
                try await onCommit(robust: true, log.failing)
                try await onCommit(log.hook("A"))
            }
            log.append("after")
        },
        "not_robust": { log in
            do {
                try await atomic {
                    _ = try await CommitNote.objects.create(CommitNote(text: "three"))
                    try await onCommit(log.hook("A"))
                    try await onCommit(log.failing)
                    try await onCommit(log.hook("B"))
                }
            } catch is CallbackFailed {
                log.append("raised")
            }
            try await log.rows()
            try await atomic { try await onCommit(log.hook("C")) }
            log.append("after")
        },
        "registering": { log in
            let first: @Sendable () async throws -> Void = {
                log.append("first")
                try await onCommit(log.hook("inner"))
                try await atomic {
                    _ = try await CommitNote.objects.create(CommitNote(text: "four"))
                    try await onCommit(log.hook("nested"))
                }
                log.append("first done")
            }
            try await atomic {
                try await onCommit(first)
                try await onCommit(log.hook("second"))
            }
            try await log.rows()
        },
    ]

    @Test(arguments: Backend.available) func callbacksRunAsDjangosDo(backend: Backend) async throws {
        let url = try #require(
            Bundle.module.url(forResource: "on_commit", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(Set(fixture.logs.keys) == Set(Self.scenarios.keys))
        try await withDatabase(backend, [CommitNote.self]) { _ in
            // NB: in Django's order, on one database, so that the row counts add up.
            for name in ["outside", "committed", "rolled_back", "savepoints", "robust", "not_robust", "registering"] {
                let log = Log()
                let scenario = try #require(Self.scenarios[name])
                try await scenario(log)
                #expect(log.all == fixture.logs[name], "\(name)")
            }
        }
    }

    @Test(arguments: Backend.available) func aCallbackRegisteredInAConcurrentChildTaskWaitsForTheCommit(
        backend: Backend
    ) async throws {
        try await withDatabase(backend, [CommitNote.self]) { _ in
            let log = Log()
            try await atomic {
                async let child: Void = onCommit(log.hook("child"))
                try await child
                log.append("body")
            }
            #expect(log.all == ["body", "child"])
        }
    }
}
