#!/usr/bin/env pony
// Members only: sign up, log in, a members' page, a staff page, log out, change password —
// Django's users, sessions and CSRF, in Django's tables (a Django project's users log in
// here with the same passwords).
//
//   pony run Examples/members.swift      → http://127.0.0.1:8000/
import Pony

let app = Pony()
app.install(.sessions(), .contentTypes(), .auth(AuthSettings(loginRedirectURL: "/members/")), .messages())

app.templates["base.html"] = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>{% block title %}Members{% endblock %}</title></head>
    <body><main>{% for message in messages %}<p class="{{ message.tags }}">{{ message }}</p>{% endfor %}
    {% block content %}{% endblock %}</main></body></html>
    """
app.templates["home.html"] = """
    {% extends "base.html" %}{% block content %}
    <h1>Welcome{% if name %}, {{ name }}{% endif %}</h1>
    <ul>
      <li><a href="{% url 'signup' %}">Sign up</a></li>
      <li><a href="{% url 'login' %}">Log in</a></li>
      <li><a href="{% url 'members' %}">Members' page</a></li>
      <li><a href="{% url 'staff' %}">Staff page</a></li>
      <li><a href="{% url 'password_change' %}">Change password</a></li>
    </ul>
    <form method="post" action="{% url 'logout' %}">{% csrf_token %}<button>Log out</button></form>
    {% endblock %}
    """
app.templates["signup.html"] = """
    {% extends "base.html" %}{% block content %}<h1>Sign up</h1>
    {% if error %}<p role="alert">{{ error }}</p>{% endif %}
    <form method="post">{% csrf_token %}
      <p><label>Username <input name="username" value="{{ username }}" required maxlength="150"></label></p>
      <p><label>Password <input type="password" name="password1" required></label></p>
      <p><label>Password confirmation <input type="password" name="password2" required></label></p>
      <p><button>Sign up</button></p>
    </form>{% endblock %}
    """

app.get("/", name: "home") { request in
    try render(request, "home.html", ["name": request.user.username])
}

app.route("/signup/", methods: [.get, .post], name: "signup") { request in
    guard request.method == .post else { return try render(request, "signup.html") }
    let username = try request.form["username"] ?? ""
    let password = try request.form["password1"] ?? ""
    var error: String?
    if username.isEmpty || username.count > 150 {
        error = "Enter a username of 1 to 150 characters."
    } else if password.count < 8 {
        error = "This password is too short. It must contain at least 8 characters."
    } else if password != (try request.form["password2"]) {
        error = "The two password fields didn’t match."
    } else if try await User.objects.filter(\.username, .exact(username)).exists() {
        error = "A user with that username already exists."
    }
    if let error { return try render(request, "signup.html", ["error": error, "username": username]) }
    var user = User(password: "", username: username)
    await user.setPassword(password)
    try await Auth.login(request, try await user.save())
    request.messages.success("Welcome, \(username)! You are signed up.")
    return Response.redirect(to: try request.reverse("members"))
}

app.templates["members.html"] = """
    {% extends "base.html" %}{% block content %}
    <h1>Members only</h1><p>Hello, {{ user.username }}. <a href="/">Home</a></p>{% endblock %}
    """

app.loginRequired.get("/members/", name: "members") { request in
    try render(request, "members.html", ["user": request.user])
}

app.loginRequired.get("/staff/", name: "staff") { request in
    guard request.user.isStaff else { throw HTTPError(.forbidden, "Staff only.") }
    return HTML("<h1>Staff only</h1><p>Hello, \(request.user.username).</p>")
}

app.run()
