//! The wasm heap: blocks in size classes (16, 32, 48, 64, then four per
//! doubling: 80, 96, 112, 128, 160, …), each class with its own free list,
//! carved from the end of linear memory.
//!
//! A general allocator (dlmalloc, talc) splits and merges blocks; that is
//! 3 KB of wasm shipped to every user, for a library whose heap is small
//! and short-lived per call. Here a freed block waits for the next request
//! of its class; a block wastes at most a fifth of itself, and `realloc`
//! within a class (much `String`/`Vec` growth) moves nothing.
//! The arithmetic is plain Rust, tested natively over a borrowed buffer.

/// Smallest block: holds the free list's next pointer, and keeps every
/// block 16-byte aligned (the largest alignment a Rust type asks for on wasm32).
const MIN_BLOCK: usize = 16;
/// The largest block: 2 GiB, half of wasm32's memory.
const MAX_BLOCK: usize = 1 << 31;
const CLASSES: usize = 104;

/// The class of a request, or `None` when it is larger than [`MAX_BLOCK`].
pub fn class_of(size: usize, align: usize) -> Option<usize> {
    let need = size.max(align).max(MIN_BLOCK);
    if need <= 64 {
        return Some((need - 1) / MIN_BLOCK);
    }
    if need > MAX_BLOCK {
        return None;
    }
    // 2^e < need <= 2^(e+1), cut into four steps of 2^(e-2).
    let e = (usize::BITS - 1 - (need - 1).leading_zeros()) as usize;
    let quarters = (need - 1) >> (e - 2); // 4..=7
    Some(4 + (e - 6) * 4 + (quarters - 4))
}

/// The size of the blocks of `class`.
pub fn block_size(class: usize) -> usize {
    if class < 4 {
        return (class + 1) * MIN_BLOCK;
    }
    let k = class - 4;
    (5 + k % 4) << (k / 4 + 4)
}

/// Free lists and the unused tail of memory. `more(bytes, end)` gets at
/// least `bytes` of fresh memory as `(start, end)`; `end` is where the heap's
/// memory ends so far (0 before the first call), and `start == end` when
/// the new memory follows on.
pub struct Heap {
    free: [usize; CLASSES],
    top: usize,
    end: usize,
}

impl Heap {
    /// An empty heap: the first allocation asks `more` for memory.
    pub const fn new() -> Self {
        Heap {
            free: [0; CLASSES],
            top: 0,
            end: 0,
        }
    }

    /// A block for `size` bytes at `align`, or null when memory is exhausted.
    ///
    /// # Safety
    /// Every address this heap holds (free blocks, `top..end`) is memory it owns.
    pub unsafe fn alloc(
        &mut self,
        size: usize,
        align: usize,
        more: impl FnOnce(usize, usize) -> Option<(usize, usize)>,
    ) -> *mut u8 {
        let Some(class) = class_of(size, align) else {
            return core::ptr::null_mut();
        };
        let block = block_size(class);
        let head = self.free[class];
        // A freed block is only MIN_BLOCK-aligned for sure.
        if head != 0 && head & (align - 1) == 0 {
            self.free[class] = *(head as *const usize);
            return head as *mut u8;
        }
        // `top` is always MIN_BLOCK-aligned; only a larger alignment pads.
        let pad = |top: usize| top.wrapping_neg() & (align.max(MIN_BLOCK) - 1);
        if self.end - self.top < pad(self.top) + block {
            let Some((start, end)) = more(block + align + MIN_BLOCK, self.end) else {
                return core::ptr::null_mut();
            };
            if start != self.end {
                self.top = (start + MIN_BLOCK - 1) & !(MIN_BLOCK - 1);
            }
            self.end = end;
        }
        let at = self.top + pad(self.top);
        self.top = at + block;
        at as *mut u8
    }

    /// Returns a block of `size` bytes at `align` to its free list.
    ///
    /// # Safety
    /// `ptr` came from `alloc` of this heap with the same size and alignment, and is not used again.
    pub unsafe fn free(&mut self, ptr: *mut u8, size: usize, align: usize) {
        let Some(class) = class_of(size, align) else {
            return;
        };
        *(ptr as *mut usize) = self.free[class];
        self.free[class] = ptr as usize;
    }

    /// Whether a block allocated for `old` bytes also holds `new` bytes, so a
    /// reallocation can keep it.
    pub fn same_block(old: usize, new: usize, align: usize) -> bool {
        class_of(old, align) == class_of(new, align)
    }
}

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

const PAGE: u64 = 65536;
/// Where the heap stops: 64 KiB short of wasm32's 4 GiB, so that every
/// address and block end fits in a 32-bit `usize`.
const MAX_HEAP_END: u64 = (1 << 32) - PAGE;

/// Fresh memory for `bytes` more of heap, with `memory` bytes of linear
/// memory now: `(start, end, pages to grow)`. The first call (`heap_end`
/// 0) starts at `heap_base`, using the rest of the initial pages; later
/// ones at the end of memory. `None` when it would pass [`MAX_HEAP_END`].
/// (u64 arithmetic: in `usize` these sums wrap on wasm32 near 4 GiB.)
pub fn growth(
    bytes: usize,
    heap_end: usize,
    heap_base: usize,
    memory: u64,
) -> Option<(usize, usize, usize)> {
    let start = if heap_end == 0 {
        heap_base as u64
    } else {
        memory
    };
    let want = start + bytes as u64;
    if want > MAX_HEAP_END {
        return None;
    }
    let pages = want.saturating_sub(memory).div_ceil(PAGE);
    Some((
        start as usize,
        (memory + pages * PAGE) as usize,
        pages as usize,
    ))
}

#[cfg(target_arch = "wasm32")]
mod global {
    use super::{Heap, PAGE};
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32::{memory_grow, memory_size};
    use core::cell::UnsafeCell;

    extern "C" {
        // Set by the linker: where static data ends. Memory from here to the
        // end of the initial pages is free, so small first allocations need no `memory.grow`.
        static __heap_base: u8;
    }

    /// Fresh memory for the heap: first the rest of the initial pages (from
    /// the heap base), then the end of memory, grown as far as needed.
    fn more(bytes: usize, heap_end: usize) -> Option<(usize, usize)> {
        // Only the address of the linker's symbol is taken: no unsafe read.
        let base = core::ptr::addr_of!(__heap_base) as usize;
        let memory = memory_size::<0>() as u64 * PAGE;
        let (start, end, pages) = super::growth(bytes, heap_end, base, memory)?;
        if pages > 0 && memory_grow::<0>(pages) == usize::MAX {
            return None;
        }
        Some((start, end))
    }

    struct Global(UnsafeCell<Heap>);
    // SAFETY: wasm32 without threads: the heap is never touched concurrently.
    unsafe impl Sync for Global {}

    unsafe impl GlobalAlloc for Global {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            (*self.0.get()).alloc(l.size(), l.align(), more)
        }
        unsafe fn dealloc(&self, ptr: *mut u8, l: Layout) {
            (*self.0.get()).free(ptr, l.size(), l.align())
        }
        unsafe fn realloc(&self, ptr: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
            if Heap::same_block(l.size(), new_size, l.align()) {
                return ptr;
            }
            let new = self.alloc(Layout::from_size_align_unchecked(new_size, l.align()));
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, l.size().min(new_size));
                self.dealloc(ptr, l);
            }
            new
        }
    }

    #[global_allocator]
    static HEAP: Global = Global(UnsafeCell::new(Heap::new()));
}
