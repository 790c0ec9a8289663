// The app of Benchmarks/upload.sh: one upload view that stores the file in media/.
import Pony

// NB: uploads may be as large as the body limit; the default (10 MiB) is raised for the benchmark.
let app = Pony(maxBodySize: 512 * 1024 * 1024)

app.get("/") { _ in "ok" }

app.csrfExempt.post("/upload") { request in
    guard let upload = try request.files["file"] else { return Response.text("no file", status: .badRequest) }
    let name = try FileStorage.media(request).save(upload, as: "uploads/\(upload.name)")
    return Response.text("\(name) \(upload.size)")
}

app.run()
