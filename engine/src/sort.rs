//! One stable sort for the whole engine and app, small in WebAssembly.
//!
//! The standard library's sort is fast and large: each call site with its
//! own element type and comparison gets its own copy, a few kilobytes of
//! wasm each, and the browser's first load counted fifteen of them. Here
//! the comparison is a trait object and only a permutation of indices is
//! sorted, so the std sort exists once; moving the elements into place is a
//! small loop per element type.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stable (equal elements keep their order).
pub fn by<T>(v: &mut [T], cmp: &dyn Fn(&T, &T) -> Ordering) {
    let perm = {
        let items: &[T] = v;
        order(items.len(), &|a, b| cmp(&items[a], &items[b]))
    };
    // Position i takes the element at perm[i]: walk each cycle once.
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        let mut at = start;
        while !done[at] {
            done[at] = true;
            let from = perm[at];
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `v` in its natural order, stable.
pub fn natural<T: Ord>(v: &mut [T]) {
    by(v, &|a, b| a.cmp(b));
}

/// The indices `0..n` in the stable order `cmp` gives them.
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut perm: Vec<usize> = (0..n).collect();
    // Equal elements in index order: stable, through the unstable sort,
    // which is the smaller of the two in the wasm.
    perm.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    perm
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_and_keeps_equal_elements_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        by(&mut v, &|x, y| x.0.cmp(&y.0));
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut empty: Vec<u8> = Vec::new();
        natural(&mut empty);
        assert!(empty.is_empty());
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_stable_sort(v in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            by(&mut ours, &|a, b| a.0.cmp(&b.0));
            let mut std = v;
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }
    }
}
