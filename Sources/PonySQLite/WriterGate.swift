/// A first-come, first-served lock for async code: the single writer connection is used by
/// one task at a time, and waiting tasks are resumed in arrival order.
actor WriterGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            // NB: the lock passes straight to the next waiter; `busy` stays true.
            waiters.removeFirst().resume()
        }
    }
}
