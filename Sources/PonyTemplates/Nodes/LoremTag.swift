/// `{% lorem [count] [w|p|b] [random] %}`: placeholder Latin text, as Django's `lorem` tag
/// makes it (the same common paragraph and words, the same random construction).
enum LoremTag {
    static let all: [String: TagParser] = ["lorem": parse]

    static func parse(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        var words = token.words
        let common = words.last != "random"
        if !common { words.removeLast() }
        var method = "b"
        if let last = words.last, ["w", "p", "b"].contains(last), words.count > 1 { method = words.removeLast() }
        let count = words.count > 1 ? words.removeLast() : "1"
        guard words.count == 1 else { throw TemplateSyntaxError("Incorrect format for 'lorem' tag", at: token) }
        return LoremNode(count: try parser.expression(count, at: token), method: method, common: common)
    }
}

struct LoremNode: Node {
    let count: FilterExpression
    let method: String
    let common: Bool

    func render(_ context: RenderContext, into output: inout String) throws {
        let value = try count.resolve(context)
        // NB: Django has no cap; here 1,000 words or paragraphs (about 0.1 s of random text), so
        // that a count from a variable cannot make one render run for minutes or allocate
        // gigabytes.
        let count = min(value.flatMap(BuiltinFilters.integer) ?? 1, Lorem.maximumCount)
        if method == "w" {
            output += Lorem.words(count, common: common)
            return
        }
        var paragraphs = (0..<max(0, count)).map { index in
            common && index == 0 ? Lorem.commonParagraph : Lorem.paragraph()
        }
        if method == "p" { paragraphs = paragraphs.map { "<p>\($0)</p>" } }
        output += paragraphs.joined(separator: "\n\n")
    }
}

/// Django's `django.utils.lorem_ipsum`.
enum Lorem {
    static let commonParagraph = """
        Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et \
        dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea \
        commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla \
        pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est \
        laborum.
        """
    static let commonWords = Array(
        commonParagraph.lowercased().split(separator: " ").prefix(19).map {
            String($0.filter(\.isLetter))
        })
    static let words =
        "exercitationem perferendis perspiciatis laborum eveniet sunt iure nam nobis eum cum officiis excepturi odio consectetur quasi aut quisquam vel eligendi itaque non odit tempore quaerat dignissimos facilis neque nihil expedita vitae vero ipsum nisi animi cumque pariatur velit modi natus iusto eaque sequi illo sed ex et voluptatibus tempora veritatis ratione assumenda incidunt nostrum placeat aliquid fuga provident praesentium rem necessitatibus suscipit adipisci quidem possimus voluptas debitis sint accusantium unde sapiente voluptate qui aspernatur laudantium soluta amet quo aliquam saepe culpa libero ipsa dicta reiciendis nesciunt doloribus autem impedit minima maiores repudiandae ipsam obcaecati ullam enim totam delectus ducimus quis voluptates dolores molestiae harum dolorem quia voluptatem molestias magni distinctio omnis illum dolorum voluptatum ea quas quam corporis quae blanditiis atque deserunt laboriosam earum consequuntur hic cupiditate quibusdam accusamus ut rerum error minus eius ab ad nemo fugit officia at in id quos reprehenderit numquam iste fugiat sit inventore beatae repellendus magnam recusandae quod explicabo doloremque aperiam consequatur asperiores commodi optio dolor labore temporibus repellat veniam architecto est esse mollitia nulla a similique eos alias dolore tenetur deleniti porro facere maxime corrupti"
        .split(separator: " ").map(String.init)

    /// The largest count `{% lorem %}` produces.
    static let maximumCount = 1_000

    /// `count` words: the common ones first (when `common`), then random ones.
    static func words(_ count: Int, common: Bool) -> String {
        var list = common ? commonWords : []
        if count > list.count {
            var remaining = count - list.count
            while remaining > 0 {
                let take = min(remaining, words.count)
                remaining -= take
                list += words.shuffled().prefix(take)
            }
        } else {
            list = Array(list.prefix(max(0, count)))
        }
        return list.joined(separator: " ")
    }

    /// 1 to 5 comma-separated sections of 3 to 12 random words, capitalized, ending in "." or "?".
    static func sentence() -> String {
        let sections = (0..<Int.random(in: 1...5)).map { _ in
            words.shuffled().prefix(Int.random(in: 3...12)).joined(separator: " ")
        }
        let text = sections.joined(separator: ", ")
        return text.prefix(1).uppercased() + text.dropFirst() + (Bool.random() ? "?" : ".")
    }

    /// 1 to 4 random sentences.
    static func paragraph() -> String { (0..<Int.random(in: 1...4)).map { _ in sentence() }.joined(separator: " ") }
}
