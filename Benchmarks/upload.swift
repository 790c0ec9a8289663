// The app of Benchmarks/upload.sh: one upload view that stores the file in media/.
import Pony

let app = Pony()

app.get("/") { _ in "ok" }

app.csrfExempt.post("/upload") { request in
    guard let upload = try request.files["file"] else { return Response.text("no file", status: .badRequest) }
    let name = try FileStorage.media(request).save(upload, as: "uploads/\(upload.name)")
    return Response.text("\(name) \(upload.size)")
}

app.run()
