import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// The `pony` CLI end to end: real binary, real compiler, real sockets.
///
/// The first test to need the framework builds it into .build/pony-test-cache (a few minutes
/// on a fresh clone); the rest reuse it, so the suite is serialized.
@Suite(.serialized) struct CLITests {
    @Test func clearOneLineErrors() async throws {
        let pony = try CLI.pony
        let missing = try await CLI.run(pony, ["run", "nowhere.swift"])
        #expect(missing.status == 1)
        #expect(missing.output == "Error: No such file: nowhere.swift.\n")
        let noApp = try await CLI.run(pony, ["run", "Tests/Fixtures/noapp.swift"])
        #expect(noApp.status == 1)
        #expect(noApp.output.hasPrefix("Error: Tests/Fixtures/noapp.swift has no Pony app"))
        #expect(noApp.output.split(separator: "\n").count == 1)
        let badAddress = try await CLI.run(pony, ["run", "Tests/Fixtures/counter.swift", "host:notaport"])
        #expect(badAddress.status != 0)
        #expect(badAddress.output.contains("is not a valid address"))
    }

    @Test func appThatNeverCallsRunIsExplained() async throws {
        let pony = try CLI.pony
        let port = CLI.freePort()
        let server = try Background(pony, ["run", "Tests/Fixtures/norun.swift", "127.0.0.1:\(port)"])
        defer { server.stop() }
        let page = await CLI.waitFor("http://127.0.0.1:\(port)/", timeout: CLI.firstBuildTimeout) { status, body in
            status == 500 && body.contains("crashed")
        }
        #expect(page?.body.contains("does the file end with app.run()?") == true)
        #expect(server.output.contains("exited without serving: does it end with `app.run()`?"))
    }

    @Test func portInUse() async throws {
        let pony = try CLI.pony
        let port = CLI.freePort()
        // Hold the port with a listening socket.
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(descriptor, 1)
        let result = try await CLI.run(pony, ["run", "Tests/Fixtures/counter.swift", "127.0.0.1:\(port)"])
        #expect(result.status == 1)
        #expect(
            result.output
                == "Error: Port \(port) is already in use on 127.0.0.1: stop the other server or pass another HOST:PORT.\n"
        )
    }

    /// Compile a fixture, request it, edit it, request again, break it, see the error, fix it,
    /// crash it, fix it.
    @Test func developmentLoop() async throws {
        let pony = try CLI.pony
        let file = try CLI.copy("counter.swift", as: "app.swift")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let original = try String(contentsOf: file, encoding: .utf8)
        func write(_ text: String) throws { try text.write(to: file, atomically: false, encoding: .utf8) }
        try write(original.replacingOccurrences(of: "MESSAGE", with: "version one"))
        let port = CLI.freePort()
        let url = "http://127.0.0.1:\(port)"
        let server = try Background(pony, ["run", file.path, "127.0.0.1:\(port)"])
        defer { server.stop() }

        // First build (the framework may be built first: allow minutes).
        let first = await CLI.waitFor(url + "/", timeout: CLI.firstBuildTimeout) { status, body in
            status == 200 && body.contains("version one")
        }
        #expect(first != nil, "\(server.output.suffix(3000))")
        let status = await CLI.get(url + "/__pony__/status", session: URLSession(configuration: .ephemeral))
        #expect(status?.body.contains("\"state\":\"serving\"") == true, "\(status?.body ?? "no answer")")

        // An edit is served after a recompile.
        try write(original.replacingOccurrences(of: "MESSAGE", with: "version two"))
        #expect(
            await CLI.waitFor(url + "/", timeout: 60) { status, body in status == 200 && body.contains("version two") }
                != nil)

        // A compile error: shown in the browser with file:line, and in the terminal.
        try write(
            original.replacingOccurrences(of: "MESSAGE", with: "broken").replacingOccurrences(
                of: "let numbers = [1, 2, 3]", with: "let numbers: Int = \"three\""))
        let broken = await CLI.waitFor(url + "/", timeout: 60) { status, body in
            status == 500 && body.contains("Compile error")
        }
        #expect(broken?.body.contains("app.swift:9:") == true)
        #expect(broken?.body.contains("cannot convert value of type") == true)
        #expect(broken?.body.contains("/__pony__/status") == true, "the page reloads itself")
        #expect(server.output.contains("app.swift:9:"))
        #expect(server.output.contains("does not compile"))

        // An empty file (a save caught half-way) is not compiled: the error says so.
        try write("\n")
        let empty = await CLI.waitFor(url + "/", timeout: 60) { status, body in
            status == 500 && body.contains("is empty")
        }
        #expect(
            empty?.body.contains("app.swift is empty: save the app&#x27;s code in it.") == true, "\(empty?.body ?? "")")

        // Fixed: the new code is served again.
        try write(original.replacingOccurrences(of: "MESSAGE", with: "version three"))
        #expect(
            await CLI.waitFor(url + "/", timeout: 60) { status, body in status == 200 && body.contains("version three")
            } != nil)

        // A crash: the backtrace names the user's file, and the next save restarts the app.
        _ = await CLI.get(url + "/crash/")
        let crashed = await CLI.waitFor(url + "/", timeout: 60) { status, body in
            status == 500 && body.contains("crashed")
        }
        #expect(crashed?.body.contains("Index out of range") == true)
        #expect(crashed?.body.contains("app.swift:10") == true, "\(crashed?.body.suffix(2000) ?? "")")
        try write(original.replacingOccurrences(of: "MESSAGE", with: "version four"))
        #expect(
            await CLI.waitFor(url + "/", timeout: 60) { status, body in status == 200 && body.contains("version four") }
                != nil)
    }

    @Test func brokenFilesFailBuildAndServe() async throws {
        let pony = try CLI.pony
        let file = try CLI.copy("counter.swift", as: "broken.swift")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "app.run()", with: "app.run(")
            .write(to: file, atomically: true, encoding: .utf8)
        let build = try await CLI.run(
            pony, ["build", file.path, "-o", file.deletingLastPathComponent().appendingPathComponent("out").path])
        #expect(build.status == 1)
        #expect(build.output.contains("broken.swift:"))
        #expect(build.output.contains("error:"))
        #expect(build.output.hasSuffix("does not compile.\n"))
        let serve = try await CLI.run(pony, ["serve", "--debug", file.path, "127.0.0.1:\(CLI.freePort())"])
        #expect(serve.status == 1)
        #expect(serve.output.contains("broken.swift:"))
    }

    /// `pony build` makes one executable, with Pony and the Swift runtime linked in, that
    /// serves in production mode, with the checks `serve` does, where Swift is not installed.
    @Test func builtArtifactServesInProduction() async throws {
        let pony = try CLI.pony
        let file = try CLI.copy("counter.swift", as: "site.swift")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let output = file.deletingLastPathComponent().appendingPathComponent("dist")
        let build = try await CLI.run(pony, ["build", file.path, "-o", output.path])
        #expect(build.status == 0, "\(build.output)")
        #expect(build.output.contains("one executable of"))
        let executable = output.appendingPathComponent("site").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == ["site"])
        let libraries = try await CLI.run("/usr/bin/ldd", [executable]).output
        #expect(!libraries.contains("libswiftCore") && !libraries.contains("PonyRuntime"), "\(libraries)")
        #expect(!libraries.contains("not found"), "\(libraries)")
        // Where the binary runs below, there is no Swift.
        let (shell, check) = try CLI.hidingToolchain("/bin/sh", ["-c", "test ! -e \(try CLI.swiftc)"])
        #expect(try await CLI.run(shell, check).status == 0)

        var environment = ProcessInfo.processInfo.environment
        environment["PONY_ALLOWED_HOSTS"] = "localhost"
        let (unshare, refusedArguments) = try CLI.hidingToolchain(executable, ["serve", "127.0.0.1:\(CLI.freePort())"])
        let refused = try await CLI.run(unshare, refusedArguments, environment: environment)
        #expect(refused.status == 1)
        #expect(refused.output.contains("SECRET_KEY is not set"))

        environment["PONY_SECRET_KEY"] = "a-real-secret-for-this-test-0123456789-abcdefghijklmnopqrstuvwxyz"
        environment["PONY_ALLOWED_HOSTS"] = "127.0.0.1"
        let port = CLI.freePort()
        let (_, arguments) = try CLI.hidingToolchain(executable, ["serve", "127.0.0.1:\(port)"])
        let app = try Background(unshare, arguments, environment: environment)
        defer { app.stop() }
        let page = await CLI.waitFor("http://127.0.0.1:\(port)/", timeout: 20) { status, _ in status == 200 }
        #expect(page?.body == "<p>MESSAGE</p>")
        let missing = await CLI.get("http://127.0.0.1:\(port)/nowhere/")
        #expect(missing?.status == 404)
        #expect(missing?.body.contains("<h1>Not Found</h1>") == true)
        #expect(missing?.body.contains("tried these") == false)
        app.stop()
        #expect(app.output.contains("\"GET /nowhere/\" 404"), "the access log: \(app.output)")
    }

    /// `pony serve --workers 2`: two processes answer on one port; a worker that crashes is
    /// replaced while the other keeps serving; SIGHUP replaces both without refusing a request
    /// or cutting one off; SIGTERM lets the request in flight finish.
    @Test func serveWorkers() async throws {
        let pony = try CLI.pony
        var environment = CLI.environment
        environment["PONY_SECRET_KEY"] = "a-real-secret-for-this-test-0123456789-abcdefghijklmnopqrstuvwxyz"
        environment["PONY_ALLOWED_HOSTS"] = "127.0.0.1"
        let port = CLI.freePort()
        let url = "http://127.0.0.1:\(port)"
        let file = try CLI.copy("crashy.swift")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let server = try Background(
            pony, ["serve", "--debug", "--workers", "2", file.path, "127.0.0.1:\(port)"], environment: environment)
        defer { server.stop() }
        #expect(
            await CLI.waitFor(url + "/", timeout: CLI.firstBuildTimeout) { status, _ in status == 200 } != nil,
            "\(server.output.suffix(2000))")
        let first = await workerPIDs(url, count: 2)
        #expect(first.count == 2, "\(server.output.suffix(2000))")

        // A crash kills one worker; the other answers every request meanwhile.
        #expect(await CLI.get(url + "/crash/") == nil)
        for _ in 0..<20 { #expect(await CLI.get(url + "/pid/", fresh: true)?.status == 200) }
        let deadline = Date().addingTimeInterval(60)
        var replaced = first
        while replaced.isSubset(of: first), Date() < deadline { replaced = await workerPIDs(url, count: 2) }
        #expect(replaced.count == 2 && !replaced.isSubset(of: first), "\(server.output.suffix(2000))")
        #expect(server.output.contains("crashing on purpose"))
        #expect(server.output.contains("was killed by signal"))
        #expect(server.output.contains("; starting another."))

        // SIGHUP: new workers, and no request refused or cut off while they replace the old.
        let slow = Task { await CLI.get(url + "/slow/", fresh: true) }
        try await Task.sleep(for: .milliseconds(300))
        kill(server.process.processIdentifier, SIGHUP)
        var failures = 0
        let reloadDeadline = Date().addingTimeInterval(60)
        while !server.output.contains("Reloaded: the new workers are serving."), Date() < reloadDeadline {
            if await CLI.get(url + "/pid/", fresh: true)?.status != 200 { failures += 1 }
        }
        #expect(failures == 0)
        #expect(await slow.value?.body == "slow done")
        try await Task.sleep(for: .milliseconds(500))
        let reloaded = await workerPIDs(url, count: 2)
        #expect(reloaded.count == 2 && reloaded.isDisjoint(with: replaced), "\(server.output.suffix(2000))")

        // SIGHUP with a file that does not compile: the errors, and the same workers serve on.
        let source = try String(contentsOf: file, encoding: .utf8)
        try (source + "\nlet broken: Int = \"no\"\n").write(to: file, atomically: false, encoding: .utf8)
        kill(server.process.processIdentifier, SIGHUP)
        let refusedDeadline = Date().addingTimeInterval(60)
        while !server.output.contains("The workers keep serving the previous build."), Date() < refusedDeadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(server.output.contains("crashy.swift:"), "\(server.output.suffix(2000))")
        #expect(await workerPIDs(url, count: 2) == reloaded)

        // SIGTERM: the request in flight is answered, then serve exits 0.
        let last = Task { await CLI.get(url + "/slow/", fresh: true) }
        try await Task.sleep(for: .milliseconds(300))
        server.process.terminate()
        server.process.waitUntilExit()
        #expect(await last.value?.body == "slow done")
        #expect(server.process.terminationStatus == 0)
    }

    /// A worker that stops with a configuration error before serving stops `serve` with its
    /// status, instead of being started again and again.
    @Test func serveStopsWhenTheWorkersCannotStart() async throws {
        var environment = CLI.environment
        environment["PONY_SECRET_KEY"] = nil
        environment["PONY_ALLOWED_HOSTS"] = "127.0.0.1"
        let result = try await CLI.run(
            try CLI.pony,
            ["serve", "--debug", "--workers", "2", "Tests/Fixtures/crashy.swift", "127.0.0.1:\(CLI.freePort())"],
            environment: environment)
        #expect(result.status == 1)
        #expect(result.output.contains("[security.E001]"))
        #expect(result.output.contains("The app stopped during start-up (exited with status 1)"), "\(result.output)")
        #expect(!result.output.contains("starting another"))
    }

    /// The pids of the workers that answer /pid/ on new connections, until `count` are seen
    /// (at most 200 requests).
    private func workerPIDs(_ url: String, count: Int) async -> Set<String> {
        var pids: Set<String> = []
        for _ in 0..<200 where pids.count < count {
            if let response = await CLI.get(url + "/pid/", fresh: true), response.status == 200 {
                pids.insert(response.body)
            }
        }
        return pids
    }

    /// Examples/site.swift renders its templates with its CSS, in development and production.
    @Test func siteExampleRendersWithItsCSS() async throws {
        let pony = try CLI.pony
        let port = CLI.freePort()
        let url = "http://127.0.0.1:\(port)"
        let site = try Background(pony, ["run", "Examples/site.swift", "127.0.0.1:\(port)"])
        defer { site.stop() }
        let home = await CLI.waitFor(url + "/", timeout: CLI.firstBuildTimeout) { status, _ in status == 200 }
        #expect(home?.body.contains("<link rel=\"stylesheet\" href=\"/static/css/site.css\">") == true)
        #expect(home?.body.contains("<li class=\"even\">2. Rarity (White,") == true)
        #expect(home?.body.contains("&lt;script&gt;alert(&#x27;Discord&#x27;)&lt;/script&gt;") == true)
        #expect(await CLI.get(url + "/static/css/site.css")?.body.hasPrefix("body {") == true)
        #expect(await CLI.get(url + "/empty/")?.body.contains("No ponies yet.") == true)
        site.stop()

        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pony-site-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(try await CLI.run(pony, ["build", "Examples/site.swift", "-o", output.path]).status == 0)
        // The app's folders are copied beside the executable, which reads them there.
        let base = output.appendingPathComponent("templates/base.html")
        try (String(contentsOf: base, encoding: .utf8) + "<!-- the built copy -->\n").write(
            to: base, atomically: true, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("static/css/site.css").path))
        var environment = ProcessInfo.processInfo.environment
        environment["PONY_SECRET_KEY"] = "a-real-secret-for-this-test-0123456789-abcdefghijklmnopqrstuvwxyz"
        environment["PONY_ALLOWED_HOSTS"] = "127.0.0.1"
        let productionPort = CLI.freePort()
        // The binary supervises its own workers, as `pony serve` does.
        let production = try Background(
            output.appendingPathComponent("site").path, ["serve", "127.0.0.1:\(productionPort)", "--workers", "2"],
            environment: environment)
        defer { production.stop() }
        let page = await CLI.waitFor("http://127.0.0.1:\(productionPort)/", timeout: 30) { status, _ in status == 200 }
        #expect(production.output.contains("[pony] Serving with 2 worker processes"))
        #expect(page?.body.contains("1. Applejack") == true)
        #expect(page?.body.contains("<!-- the built copy -->") == true)
        #expect(await CLI.get("http://127.0.0.1:\(productionPort)/static/css/site.css")?.status == 200)
        // Production links the content-hashed name, which serves the same file.
        let hashed = try #require(page?.body.firstMatch(of: /href="(\/static\/css\/site\.[0-9a-f]{12}\.css)"/))
        #expect(await CLI.get("http://127.0.0.1:\(productionPort)\(hashed.output.1)")?.body.hasPrefix("body {") == true)
        production.process.terminate()
        production.process.waitUntilExit()
        #expect(production.process.terminationStatus == 0)
        #expect(production.output.components(separatedBy: "Worker ").count - 1 == 2, "\(production.output)")
    }

    /// The examples run through `pony run`, and the shebang makes them executable.
    @Test func examplesRunWithTheShebang() async throws {
        let pony = try CLI.pony
        var environment = CLI.environment
        environment["PATH"] =
            URL(fileURLWithPath: pony).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        let port = CLI.freePort()
        let url = "http://127.0.0.1:\(port)"
        let hello = try Background(
            CLI.repository.appendingPathComponent("Examples/hello.swift").path, ["127.0.0.1:\(port)"],
            environment: environment)
        defer { hello.stop() }
        let home = await CLI.waitFor(url + "/", timeout: CLI.firstBuildTimeout) { status, _ in status == 200 }
        #expect(home?.body.contains("<a href=\"/hello/world/\">") == true, "\(hello.output.suffix(2000))")
        #expect(await CLI.get(url + "/hello/%3Cscript%3E/")?.body == "<p>Hello, &lt;script&gt;!</p>")
        #expect(await CLI.get(url + "/squares/12/")?.body == #"{"n":12,"square":144}"#)
        #expect(await CLI.get(url + "/api/status")?.body == #"{"app":"hello","ok":true}"#)
        hello.stop()

        // NB: a copy in a folder of its own: bench.swift has models, and its database and
        // migrations beside Examples/ would be loaded by the next example run there.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("bench.swift")
        try FileManager.default.copyItem(at: CLI.repository.appendingPathComponent("Examples/bench.swift"), to: copy)
        let benchPort = CLI.freePort()
        let bench = try Background(pony, ["run", copy.path, "127.0.0.1:\(benchPort)"])
        defer { bench.stop() }
        let plaintext = await CLI.waitFor("http://127.0.0.1:\(benchPort)/plaintext", timeout: CLI.firstBuildTimeout) {
            status, _ in
            status == 200
        }
        #expect(plaintext?.body == "Hello, World!")
        #expect(await CLI.get("http://127.0.0.1:\(benchPort)/json")?.body == #"{"message":"Hello, World!"}"#)
        let row = await CLI.get("http://127.0.0.1:\(benchPort)/api/db")?.body ?? ""
        #expect(row.wholeMatch(of: /\{"id":\d+,"randomNumber":\d+\}/) != nil, "\(row)")
    }
}
