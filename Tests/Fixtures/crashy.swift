// A fixture for `pony serve`'s supervisor: /crash/ kills the process, which must come back.
import Pony

let app = Pony()

app.route("/") { _ in "<p>up</p>" }

app.get("/crash/") { _ -> Response in
    fatalError("crashing on purpose")
}

app.run()
