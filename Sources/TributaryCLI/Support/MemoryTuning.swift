/// Process-wide memory settings for long runs.
enum MemoryTuning {
    /// glibc gives each thread that allocates its own heap arena, up to 8 per core, and returns little of
    /// them to the system: a sync, whose pages are decoded on whichever thread runs the task, grows its
    /// resident memory with the number of arenas rather than with the data. Two arenas keep it flat.
    static func apply() {
        #if os(Linux)
        _ = glibcMallopt(mArenaMax, 2)
        #endif
    }

    /// `M_ARENA_MAX` of glibc's `<malloc.h>`, which the Glibc module does not import.
    private static let mArenaMax: Int32 = -8
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
