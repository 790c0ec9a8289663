import Foundation
import PonyORM
import Testing

/// `Prefetch` against real Django's: the `prefetches` block of the fixtures (querysets that
/// filter, order and slice a reverse foreign key, a many-to-many field and a foreign key, and
/// a nested path after one).
extension FidelityTests {
    @Test(arguments: Backend.available) func prefetchQuerysetsLoadWhatDjangoLoads(backend: Backend) async throws {
        struct File: Decodable { let prefetches: [String: [[JSONValue?]]] }
        let django = try JSONDecoder().decode(File.self, from: try Self.results(backend)).prefetches
            .mapValues { $0.map { $0.map { $0?.databaseValue ?? .null } } }
        try await Self.withDjangoData(on: backend) {
            func books(_ query: QuerySet<Book>, then next: String...) async throws -> [[DatabaseValue]] {
                let lookups = [Prefetch("books", queryset: query)] + next.map { Prefetch($0) }
                // NB: after labels, a book is its id × 100 + its count of labels, as the script writes it.
                func value(_ book: Book) -> DatabaseValue {
                    let id = book.id ?? 0
                    return .integer(next.isEmpty ? id : id * 100 + Int64(book.labels.cached?.count ?? -99))
                }
                return try await Author.objects.orderBy("id").prefetchRelated(lookups).fetch().map { author in
                    [.integer(author.id ?? 0)] + (author.books.cached ?? []).map(value)
                }
            }
            func labels(_ query: QuerySet<Label>) async throws -> [[DatabaseValue]] {
                try await Book.objects.orderBy("id").prefetchRelated(Prefetch("labels", queryset: query)).fetch().map {
                    [.integer($0.id ?? 0)] + ($0.labels.cached ?? []).map { .integer($0.id ?? 0) }
                }
            }
            let results: [String: [[DatabaseValue]]] = [
                "longest_books": try await books(Book.objects.orderBy("-pages", "id")[0..<2]),
                "books_after_first": try await books(Book.objects.orderBy("pages", "id")[1..<3]),
                "fiction_books": try await books(Book.objects.filter("genre", Genre.fiction).orderBy("-title")),
                "labels_by_name": try await labels(Label.objects.orderBy("-name")),
                "first_label_by_name": try await labels(Label.objects.orderBy("name")[0..<1]),
                "active_authors": try await Book.objects.orderBy("id")
                    .prefetchRelated(Prefetch("author", queryset: Author.objects.filter("active", true))).fetch()
                    .map { [.integer($0.id ?? 0), $0.author.cached.map { .integer($0.id ?? 0) } ?? .null] },
                "long_books_with_labels": try await books(
                    Book.objects.filter("pages__gte", 100).orderBy("id"), then: "books__labels"),
            ]
            #expect(Set(results.keys) == Set(django.keys))
            for (name, rows) in results.sorted(by: { $0.key < $1.key }) { #expect(rows == django[name], "\(name)") }
        }
    }
}
