import CZooKernels

/// Process-wide malloc policy for programs that train or run models: every training step
/// allocates and frees the same large tensors, and glibc by default maps blocks over 128 KB
/// freshly and unmaps them on free, so each step touches new pages (a page fault per 4 KB,
/// serialised between threads). `zoo` and `zoo-bench` call `retainFreedMemory()` at start;
/// an application embedding ZooCore may do the same. Large workspaces of the core itself are
/// recycled regardless (`FloatBuffer`).
public enum ProcessMemory {
    /// Serves blocks up to 32 MB (glibc's maximum for this setting) from the heap and keeps up
    /// to 512 MB of freed heap instead of returning it to the kernel. Returns whether glibc
    /// accepted both settings (false on other C libraries, where nothing changes).
    @discardableResult
    public static func retainFreedMemory() -> Bool {
        zoo_retain_freed_memory() == 1
    }
}
