// A fixture for `pony serve`'s workers: /crash/ kills the worker that takes it, which must be
// replaced while the others serve; /pid/ says which worker answered; /slow/ is in flight
// during a reload or a stop.
import Foundation
import Pony

let app = Pony()

app.route("/") { _ in "<p>up</p>" }

app.get("/pid/") { _ in "\(getpid())" }

app.get("/slow/") { _ in
    try await Task.sleep(for: .seconds(2))
    return "slow done"
}

app.get("/crash/") { _ -> Response in
    fatalError("crashing on purpose")
}

app.run()
