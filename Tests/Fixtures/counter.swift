// A fixture app for the CLI tests: the tests rewrite MESSAGE and break or crash it on purpose.
import Pony

let app = Pony()

app.route("/") { _ in "<p>MESSAGE</p>" }

app.get("/crash/") { _ -> Response in
    let numbers = [1, 2, 3]
    return Response.text("\(numbers[numbers.count])")
}

app.get("/settings/") { request in
    Response.text("debug=\(request.route != nil)")
}

app.run()
