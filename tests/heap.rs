//! The wasm heap's arithmetic, natively: blocks carved from a borrowed
//! buffer that stands in for linear memory.
use origin_regions::heap::{block_size, class_of, Heap};

/// A buffer standing in for memory, handed out in `chunk`-byte pieces as the heap asks.
struct Memory {
    buf: Vec<u128>,
    given: usize,
    chunk: usize,
}

impl Memory {
    fn new(bytes: usize, chunk: usize) -> Self {
        Memory {
            buf: vec![0; bytes / 16],
            given: 0,
            chunk,
        }
    }
    fn base(&self) -> usize {
        self.buf.as_ptr() as usize
    }
    fn len(&self) -> usize {
        self.buf.len() * 16
    }
    /// Follows on from the last piece, like `memory.grow`.
    fn more(&mut self, bytes: usize) -> Option<(usize, usize)> {
        let n = bytes.div_ceil(self.chunk) * self.chunk;
        if self.given + n > self.len() {
            return None;
        }
        let start = self.base() + self.given;
        self.given += n;
        Some((start, start + n))
    }
}

fn alloc(heap: &mut Heap, mem: &mut Memory, size: usize, align: usize) -> usize {
    unsafe { heap.alloc(size, align, |bytes, _| mem.more(bytes)) as usize }
}

#[test]
fn classes_step_by_16_bytes_to_64_then_four_to_a_doubling() {
    let sizes: Vec<usize> = (0..12)
        .map(|c| block_size(class_of(1, 1).unwrap() + c))
        .collect();
    assert_eq!(
        sizes,
        [16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256]
    );
    assert_eq!(class_of(0, 1), Some(0));
    assert_eq!(class_of(17, 8), Some(1));
    assert_eq!(block_size(class_of(100, 4).unwrap()), 112);
    assert_eq!(
        block_size(class_of(8, 64).unwrap()),
        64,
        "alignment counts as size"
    );
    assert_eq!(block_size(class_of(1 << 31, 1).unwrap()), 1 << 31);
    assert_eq!(class_of((1 << 31) + 1, 1), None);
    assert!(Heap::same_block(20, 32, 8));
    assert!(!Heap::same_block(32, 33, 8));
}

#[test]
fn every_block_holds_its_request_and_wastes_at_most_a_fifth() {
    let mut last = 0;
    for size in (1..70_000).chain((1..2000).map(|k| k * 1_000_003)) {
        let class = class_of(size, 1).unwrap();
        let block = block_size(class);
        assert!(block >= size, "{size} B in a {block} B block");
        assert!(
            size <= 16 || block * 4 < size * 5 + 64,
            "{size} B in a {block} B block"
        );
        assert!(class >= last || size < 70_000, "classes grow with size");
        assert_eq!(block % 16, 0);
        last = class;
    }
}

#[test]
fn blocks_do_not_overlap_are_aligned_and_stay_in_memory() {
    let mut mem = Memory::new(1 << 20, 4096);
    let mut heap = Heap::new();
    let mut blocks = Vec::new();
    for (i, (size, align)) in [
        (1, 1),
        (24, 8),
        (100, 4),
        (16, 16),
        (5000, 8),
        (8, 64),
        (300, 256),
        (3, 2),
    ]
    .into_iter()
    .enumerate()
    {
        let at = alloc(&mut heap, &mut mem, size, align);
        assert_ne!(at, 0, "allocation {i} failed");
        assert_eq!(
            at % align.max(16),
            0,
            "allocation {i} at {at:#x} is not {align}-aligned"
        );
        assert!(
            at >= mem.base() && at + size <= mem.base() + mem.given,
            "allocation {i} is outside memory"
        );
        blocks.push((at, size.max(1)));
    }
    blocks.sort();
    for w in blocks.windows(2) {
        assert!(w[0].0 + w[0].1 <= w[1].0, "blocks overlap: {w:?}");
    }
}

#[test]
fn a_freed_block_serves_the_next_request_of_its_class() {
    let mut mem = Memory::new(1 << 16, 4096);
    let mut heap = Heap::new();
    let a = alloc(&mut heap, &mut mem, 40, 8);
    let b = alloc(&mut heap, &mut mem, 40, 8);
    unsafe { heap.free(a as *mut u8, 40, 8) };
    assert_eq!(
        alloc(&mut heap, &mut mem, 45, 4),
        a,
        "same class (48 B): the freed block again"
    );
    let c = alloc(&mut heap, &mut mem, 40, 8);
    assert!(c != a && c != b, "the free list was empty: a new block");
    unsafe { heap.free(b as *mut u8, 40, 8) };
    let big = alloc(&mut heap, &mut mem, 100, 8);
    assert_ne!(big, b, "another class does not take a 48-byte block");
}

#[test]
fn a_free_block_is_not_handed_out_below_the_alignment_asked() {
    let mut mem = Memory::new(1 << 16, 4096);
    let mut heap = Heap::new();
    let first = alloc(&mut heap, &mut mem, 64, 8);
    // Make sure the freed block is not 64-aligned, then ask for 64-byte alignment.
    let odd = if first % 64 == 0 {
        alloc(&mut heap, &mut mem, 16, 8)
    } else {
        first
    };
    let (block, size) = if odd == first {
        (first, 64)
    } else {
        (alloc(&mut heap, &mut mem, 64, 8), 64)
    };
    assert_ne!(
        block % 64,
        0,
        "setup: block {block:#x} should be only 16-aligned"
    );
    unsafe { heap.free(block as *mut u8, size, 8) };
    let aligned = alloc(&mut heap, &mut mem, 64, 64);
    assert_eq!(aligned % 64, 0);
    assert_ne!(aligned, block);
}

#[test]
fn memory_is_asked_for_as_needed_and_exhaustion_is_null() {
    let mut mem = Memory::new(1 << 16, 4096);
    let mut heap = Heap::new();
    let mut n = 0;
    loop {
        let at = alloc(&mut heap, &mut mem, 1000, 8); // 1 KiB blocks
        if at == 0 {
            break;
        }
        n += 1;
        assert!(n <= 64, "more blocks than memory holds");
    }
    assert!(n >= 56, "only {n} KiB blocks from 64 KiB of memory");
    assert_eq!(
        mem.given,
        mem.len(),
        "memory was asked for until none was left"
    );
    // Freed memory still serves requests when no fresh memory is left.
    let mut heap2 = Heap::new();
    let mut mem2 = Memory::new(1 << 12, 4096);
    let a = alloc(&mut heap2, &mut mem2, 2000, 8);
    let b = alloc(&mut heap2, &mut mem2, 2000, 8);
    assert!(a != 0 && b != 0 && a != b, "two 2 KiB blocks in 4 KiB");
    assert_eq!(alloc(&mut heap2, &mut mem2, 2000, 8), 0);
    unsafe { heap2.free(a as *mut u8, 2000, 8) };
    assert_eq!(alloc(&mut heap2, &mut mem2, 1900, 8), a);
}

#[test]
fn written_blocks_keep_their_bytes_through_other_traffic() {
    let mut mem = Memory::new(1 << 20, 65536);
    let mut heap = Heap::new();
    let mut live: Vec<(usize, usize, u8)> = Vec::new();
    let mut seed = 12345u32;
    for step in 0..5000 {
        seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
        let r = (seed >> 8) as usize;
        if r % 3 == 0 && !live.is_empty() {
            let (at, size, byte) = live.swap_remove(r % live.len());
            let bytes = unsafe { std::slice::from_raw_parts(at as *const u8, size) };
            assert!(
                bytes.iter().all(|&b| b == byte),
                "step {step}: a block's bytes changed"
            );
            unsafe { heap.free(at as *mut u8, size, 8) };
        } else if r % 3 == 1 && !live.is_empty() {
            // A reallocation, as the global allocator does it: in place within a class.
            let i = r % live.len();
            let (at, size, byte) = live[i];
            let new = 1 + (r >> 4) % 3000;
            let kept = Heap::same_block(size, new, 8);
            let to = if kept {
                at
            } else {
                let to = alloc(&mut heap, &mut mem, new, 8);
                assert_ne!(to, 0);
                unsafe {
                    std::ptr::copy_nonoverlapping(at as *const u8, to as *mut u8, size.min(new))
                };
                unsafe { heap.free(at as *mut u8, size, 8) };
                to
            };
            let bytes = unsafe { std::slice::from_raw_parts(to as *const u8, size.min(new)) };
            assert!(
                bytes.iter().all(|&b| b == byte),
                "step {step}: a resized block lost its bytes"
            );
            unsafe { std::ptr::write_bytes(to as *mut u8, byte, new) };
            live[i] = (to, new, byte);
        } else {
            let size = 1 + r % 700;
            let at = alloc(&mut heap, &mut mem, size, 8);
            assert_ne!(at, 0);
            let byte = step as u8;
            unsafe { std::ptr::write_bytes(at as *mut u8, byte, size) };
            live.push((at, size, byte));
        }
    }
    for (at, size, byte) in live {
        let bytes = unsafe { std::slice::from_raw_parts(at as *const u8, size) };
        assert!(bytes.iter().all(|&b| b == byte));
    }
}

#[test]
fn growth_uses_the_initial_pages_first_and_never_wraps_near_4_gib() {
    use origin_regions::heap::growth;
    const PAGE: u64 = 65536;
    // First call: from the heap base to the end of the 17 initial pages, no growth needed.
    assert_eq!(
        growth(1000, 0, 1_055_000, 17 * PAGE),
        Some((1_055_000, 17 * 65536, 0))
    );
    // First call, more than is left: grown from the end of memory, the block still from the base.
    assert_eq!(
        growth(100_000, 0, 1_055_000, 17 * PAGE),
        Some((1_055_000, 18 * 65536, 1))
    );
    // Later calls: from the end of memory, whole pages.
    assert_eq!(
        growth(1, 17 * 65536, 1_055_000, 17 * PAGE),
        Some((17 * 65536, 18 * 65536, 1))
    );
    // 2.5 GiB of memory and a 1.75 GiB request: past 4 GiB, refused (no wrap to a small sum).
    assert_eq!(
        growth(0x7000_0000, 0xA000_0000, 1_055_000, 0xA000_0000),
        None
    );
    // Memory already at the 4 GiB maximum: nothing more, whatever the size.
    assert_eq!(growth(16, 0xFFFF_0000, 1_055_000, 1 << 32), None);
    // The last usable byte: just fits, and the end is representable.
    let top = (1u64 << 32) - PAGE;
    assert_eq!(
        growth(16, 0xFFFE_0000, 1_055_000, top - PAGE),
        Some(((top - PAGE) as usize, top as usize, 1))
    );
}
