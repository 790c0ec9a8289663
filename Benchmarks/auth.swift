// The app of Benchmarks/auth.sh: the same page for an anonymous visitor and for a logged-in
// user (session row + user row read per request), a plaintext route, and a login endpoint
// that hashes with Django's real cost (pbkdf2_sha256, 1,000,000 iterations).
import Pony

let app = Pony()
app.install(.sessions(), .contentTypes(), .auth())

app.get("/plaintext") { _ in Response.text("Hello, World!") }

// The page both runs fetch: the anonymous run has no cookie, the other a logged-in session.
app.get("/page") { request in
    HTML("<p>Hello, \(request.user.isAuthenticated ? request.user.username : "stranger")</p>")
}

app.csrfExempt.post("/setup") { _ in
    if try await User.objects.filter(\.username, .exact("bench")).exists() { return "exists" }
    var user = User(password: "", username: "bench")
    await user.setPassword("bench-password")
    try await user.save()
    return "created"
}

// Login without the form (the benchmark has no browser): the same authenticate + login.
app.csrfExempt.post("/bench-login") { request in
    guard let user = try await Auth.authenticate(username: "bench", password: "bench-password") else {
        throw HTTPError(.forbidden, "bad password")
    }
    try await Auth.login(request, user)
    return "logged in"
}

app.run()
