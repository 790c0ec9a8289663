// A Pony app that forgets `app.run()`: the program ends at once and `pony run` must say why.
import Pony

let app = Pony()
app.route("/") { _ in "never served" }
