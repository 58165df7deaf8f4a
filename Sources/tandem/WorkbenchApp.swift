import Foundation
import Synchronization
import TandemSession
import TandemTerminal
import TandemUI

/// The workbench's loop and nothing else: read a key or what the driver published, update, send the intents, draw.
/// It runs on a thread of its own, which alone touches the terminal, so blocking key reads never hold a thread of
/// Swift's cooperative pool; the driver's updates reach it through a mailbox.
enum WorkbenchApp {
    /// Runs until the human quits; a live session is then ended (every intent sent before is performed first).
    static func run(_ workbench: Workbench, theme: Theme, driver: SessionDriver?, opening: [UIEffect] = []) async {
        let mailbox = Mailbox()
        let listener = Task {
            guard let driver else { return }
            for await update in driver.updates { mailbox.post(update) }
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                loop(workbench, theme: theme, driver: driver, mailbox: mailbox, opening: opening)
                done.resume()
            }
        }
        if let driver {
            driver.send(.end)
            await driver.close()
        }
        listener.cancel()
    }

    private static func loop(_ start: Workbench, theme: Theme, driver: SessionDriver?, mailbox: Mailbox,
                             opening: [UIEffect]) {
        let terminal = CursesTerminal(theme: theme)
        defer { terminal.close() }
        var wb = start
        var pending = opening, dirty = true, last = now
        while true {
            for effect in pending {
                switch effect {
                case .intent(let intent): driver?.send(intent)
                case .copy(let text): terminal.copyToClipboard(text)
                case .quit: return
                }
            }
            pending = []
            let size = terminal.size, resized = size.width != wb.width || size.height != wb.height
            if resized { pending += wb.update(.resize(width: size.width, height: size.height)) }
            if dirty || resized || wb.replay?.playing == true { terminal.draw(wb.render()) }
            let key = terminal.readKey(timeoutMs: 50)
            let t = now
            pending += wb.update(.tick(elapsedMs: t - last))
            last = t
            let updates = mailbox.take()
            for update in updates { pending += wb.update(.driver(update)) }
            if let key { pending += wb.update(.key(key)) }
            dirty = key != nil || !updates.isEmpty || !pending.isEmpty
        }
    }

    /// What the driver published since the loop last looked.
    final class Mailbox: Sendable {
        private let items = Mutex<[DriverUpdate]>([])
        func post(_ update: DriverUpdate) { items.withLock { $0.append(update) } }
        func take() -> [DriverUpdate] { items.withLock { box in defer { box.removeAll() }; return box } }
    }

    private static var now: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
