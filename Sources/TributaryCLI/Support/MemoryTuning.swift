import Foundation

/// Process-wide memory settings for long runs.
enum MemoryTuning {
    /// How often freed heap memory is handed back to the system.
    static let trimInterval: TimeInterval = 2

    /// Caps glibc's heap arenas and starts handing freed memory back to the system every
    /// ``trimInterval`` seconds.
    ///
    /// glibc gives each thread that allocates its own heap arena, and returns to the system only what is
    /// free at the top of a heap. A sync frees pages of objects all the time, in whatever order their
    /// writes finish, so freed memory stays scattered through the heaps: measured on a 200,000-object
    /// sync, 40 MB of 128 MB resident were free, and `malloc_trim(0)` gave them back in a few
    /// milliseconds. Resident memory then follows what the sync holds, not what it once held.
    static func apply() {
        #if os(Linux)
        _ = glibcMallopt(mArenaMax, 2)
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: trimInterval)
                _ = glibcMallocTrim(0)
            }
        }
        thread.name = "tributary-trim"
        thread.start()
        #endif
    }

    /// `M_ARENA_MAX` of glibc's `<malloc.h>`, which the Glibc module does not import.
    private static let mArenaMax: Int32 = -8
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
