#if os(Linux)
import CMalloc
#endif
import SDFKitCLI

#if os(Linux)
// A command is one batch job whose stages allocate and free hundreds of megabytes in turn. Keeping
// freed memory in the process (no separate mappings for large blocks, no trimming) lets a later
// stage reuse pages an earlier one faulted in instead of faulting in fresh zeroed pages (about
// 3 µs per 4 KiB page on the development VM). Library users keep their own allocator policy.
_ = mallopt(M_MMAP_THRESHOLD, 1 << 30)
_ = mallopt(M_TRIM_THRESHOLD, Int32.max)
#endif

CommandLineEntry.main()
