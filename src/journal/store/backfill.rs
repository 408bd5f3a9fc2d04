//! A vector filled from its back while its own items are taken from the back of its
//! front: the merge of a synced journal's logs (`union`) moves every entry once into
//! this device's vector, which was allocated with room for the other logs' entries
//! when its snapshot was decoded. A second vector for the merged journal would take
//! fresh pages for every entry, and those were most of the merge's cost.
//!
//! The vector's slots are, in order: its own items not taken yet (`..unread`), free
//! slots, and the items put in so far (`filled..end`), in their final order. Putting
//! an item in needs a free slot: the room asked for at the start must be at least the
//! number of items that will be put in from elsewhere.

use std::mem::ManuallyDrop;
use std::ptr;

/// A vector filled from the back (see the module's doc).
pub(super) struct Backfill<T> {
    ptr: *mut T,
    capacity: usize,
    /// Slots `..unread` hold the vector's own items not taken yet.
    unread: usize,
    /// Slots `filled..end` hold the items put in.
    filled: usize,
    end: usize,
}

impl<T> Backfill<T> {
    /// `items` to take from the back, with room after them for `room` items more
    /// (the vector grows, moving its items, only when its capacity is short).
    pub(super) fn new(mut items: Vec<T>, room: usize) -> Self {
        items.reserve(room);
        let unread = items.len();
        let mut items = ManuallyDrop::new(items);
        Self {
            ptr: items.as_mut_ptr(),
            capacity: items.capacity(),
            unread,
            filled: unread + room,
            end: unread + room,
        }
    }

    /// The vector's own items not taken yet, in their order.
    pub(super) fn unread(&self) -> &[T] {
        // SAFETY: slots `..unread` are initialised (the invariant of the type).
        unsafe { std::slice::from_raw_parts(self.ptr, self.unread) }
    }

    /// Takes the last of the vector's own items not taken yet.
    pub(super) fn take_last(&mut self) -> Option<T> {
        if self.unread == 0 {
            return None;
        }
        self.unread -= 1;
        // SAFETY: the slot was initialised and is now counted as free, so it is read
        // once.
        Some(unsafe { ptr::read(self.ptr.add(self.unread)) })
    }

    /// Puts `item` in before every item put in so far.
    pub(super) fn put_front(&mut self, item: T) {
        assert!(
            self.filled > self.unread,
            "more put in than there was room for"
        );
        self.filled -= 1;
        // SAFETY: the slot is free (between `unread` and `filled`) and in the
        // allocation (`filled <= end <= capacity`).
        unsafe { self.ptr.add(self.filled).write(item) }
    }

    /// Moves the last `count` of the vector's own items not taken yet, in their order,
    /// before every item put in so far: one copy of their bytes.
    pub(super) fn move_own_run(&mut self, count: usize) {
        assert!(count <= self.unread, "a run longer than what is left");
        // SAFETY: the source slots are initialised; the destination ends at `filled`,
        // so it covers free slots and, when no slot was free between them, the source
        // itself (`ptr::copy` allows the overlap). Afterwards the slots between the
        // new `unread` and `filled` are free.
        unsafe {
            ptr::copy(
                self.ptr.add(self.unread - count),
                self.ptr.add(self.filled - count),
                count,
            );
        }
        self.unread -= count;
        self.filled -= count;
    }

    /// Moves the last `count` items of `from`, in their order, before every item put
    /// in so far: one copy of their bytes.
    pub(super) fn put_run_from(&mut self, from: &mut Vec<T>, count: usize) {
        assert!(count <= from.len(), "a run longer than what is left");
        assert!(
            self.filled - self.unread >= count,
            "more put in than there was room for"
        );
        let left = from.len() - count;
        // SAFETY: the source slots are initialised and are no longer counted by `from`
        // once its length is set to `left`; the destination slots are free, in another
        // allocation than `from`'s.
        unsafe {
            ptr::copy_nonoverlapping(
                from.as_ptr().add(left),
                self.ptr.add(self.filled - count),
                count,
            );
            from.set_len(left);
        }
        self.filled -= count;
    }

    /// The first `count` items put in (the latest ones), to change in place.
    pub(super) fn front_mut(&mut self, count: usize) -> &mut [T] {
        assert!(count <= self.end - self.filled, "more than was put in");
        // SAFETY: slots `filled..end` are initialised and borrowed mutably with `self`.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.add(self.filled), count) }
    }

    /// The items put in, as a vector: moved to its start when fewer were put in than
    /// there was room for (the same revision read twice, an erased entry). The
    /// vector's own items must all have been taken.
    pub(super) fn into_vec(self) -> Vec<T> {
        assert_eq!(self.unread, 0, "the vector's own items were not all taken");
        let this = ManuallyDrop::new(self);
        let len = this.end - this.filled;
        // SAFETY: slots `filled..end` are initialised and every slot before them is
        // free, so moving them to the start leaves `..len` initialised; the pointer
        // and capacity are the vector's own, given up by `new`.
        unsafe {
            if this.filled > 0 {
                ptr::copy(this.ptr.add(this.filled), this.ptr, len);
            }
            Vec::from_raw_parts(this.ptr, len, this.capacity)
        }
    }
}

impl<T> Drop for Backfill<T> {
    /// Drops the items still held (only reached when a merge stops halfway: a panic)
    /// and frees the vector.
    fn drop(&mut self) {
        // SAFETY: exactly the initialised slots are dropped, each once; the pointer and
        // capacity are the vector's own, given up by `new`.
        unsafe {
            ptr::drop_in_place(ptr::slice_from_raw_parts_mut(self.ptr, self.unread));
            ptr::drop_in_place(ptr::slice_from_raw_parts_mut(
                self.ptr.add(self.filled),
                self.end - self.filled,
            ));
            drop(Vec::from_raw_parts(self.ptr, 0, self.capacity));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn a_merge_from_the_back_keeps_every_item_once_in_order() {
        let mut own = Vec::with_capacity(8);
        own.extend([1, 4, 5, 8]);
        let mut other = vec![2, 3, 6, 7];
        let mut fill = Backfill::new(own, other.len());
        // 8 alone, then 7 and 6 from the other as a run, 5 and 4 as a run, 3, 2, 1.
        fill.move_own_run(1);
        fill.put_run_from(&mut other, 2);
        fill.move_own_run(2);
        fill.put_front(other.pop().expect("3"));
        fill.put_front(other.pop().expect("2"));
        assert_eq!(fill.unread(), &[1]);
        let one = fill.take_last().expect("1");
        fill.put_front(one * 10);
        fill.front_mut(1)[0] = 1;
        assert_eq!(fill.into_vec(), vec![1, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn fewer_put_in_than_there_was_room_for_are_moved_to_the_start() {
        let mut fill = Backfill::new(vec![String::from("b")], 3);
        fill.put_front(String::from("c"));
        let b = fill.take_last().expect("b");
        fill.put_front(b);
        assert_eq!(fill.into_vec(), vec!["b".to_owned(), "c".to_owned()]);
    }

    #[test]
    fn what_a_merge_stopped_halfway_held_is_dropped_once() {
        let item = Rc::new(());
        let own: Vec<Rc<()>> = (0..4).map(|_| Rc::clone(&item)).collect();
        let mut fill = Backfill::new(own, 2);
        let taken = fill.take_last().expect("an item");
        fill.put_front(taken);
        fill.put_front(Rc::clone(&item));
        fill.move_own_run(1);
        assert_eq!(Rc::strong_count(&item), 6);
        drop(fill);
        assert_eq!(Rc::strong_count(&item), 1);
    }

    #[test]
    #[should_panic(expected = "more put in than there was room for")]
    fn putting_in_more_than_the_room_is_refused() {
        let mut fill = Backfill::new(vec![1], 0);
        fill.put_front(2);
    }
}
