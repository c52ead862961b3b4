//! L2-regularised logistic regression over hashed binary features, trained by L-BFGS on all
//! examples at once (the learner of the cue detector and of the candidate filter).
//!
//! Why not a perceptron: an averaged perceptron's weights depend on the order of the examples
//! and on where its last mistakes fell, so a rule change that alters a dozen of 100,000
//! training candidates could move the whole extractor's dev score by ±0.007 — more than most
//! rule changes are worth, and no change could be judged by retraining. The regularised
//! log-loss has one optimum, which depends on the examples only (not their order) and moves
//! little when a few of them change.

use std::collections::VecDeque;

/// Past steps L-BFGS keeps for its curvature estimate.
const HISTORY: usize = 10;
/// Training stops when an iteration lowers the objective by less than this share of it.
const TOLERANCE: f64 = 1e-7;

/// Learns one weight per slot of a `size`-slot table from `(feature ids, label)` examples,
/// minimising the summed log-loss plus `l2 / 2` times the squared weights, for at most
/// `max_iters` L-BFGS iterations. Feature ids outside the table are ignored. The same examples
/// in any order give the same weights up to floating-point rounding.
pub(crate) fn train<const N: usize>(
    data: &[([u32; N], bool)],
    size: usize,
    l2: f64,
    max_iters: usize,
) -> Vec<f64> {
    minimize(size, l2, max_iters, |w, g, loss| log_loss(data, w, g, loss))
}

/// Minimises a smooth convex data loss plus `l2 / 2` times the squared weights over `size`
/// weights, from zero, by L-BFGS for at most `max_iters` iterations. `eval(w, g, loss)` gets
/// `g` holding the penalty's gradient and `loss` the penalty, adds the data term's gradient to
/// `g` and returns `loss` plus the data term.
pub(crate) fn minimize(
    size: usize,
    l2: f64,
    max_iters: usize,
    mut eval: impl FnMut(&[f64], &mut [f64], f64) -> f64,
) -> Vec<f64> {
    let mut objective = |w: &[f64], g: &mut [f64]| {
        let mut loss = 0.0;
        for (gi, wi) in g.iter_mut().zip(w) {
            *gi = l2 * wi;
            loss += 0.5 * l2 * wi * wi;
        }
        eval(w, g, loss)
    };
    let mut w = vec![0.0f64; size];
    let mut g = vec![0.0f64; size];
    let mut f = objective(&w, &mut g);
    let mut next = vec![0.0f64; size];
    let mut g_next = vec![0.0f64; size];
    // (step taken, gradient change, 1 / their dot product), oldest first.
    let mut history: VecDeque<(Vec<f64>, Vec<f64>, f64)> = VecDeque::new();
    for _ in 0..max_iters {
        // Two-loop recursion: `q` becomes the inverse-Hessian estimate times the gradient.
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(history.len());
        for (s, y, rho) in history.iter().rev() {
            let a = rho * dot(s, &q);
            axpy(&mut q, -a, y);
            alphas.push(a);
        }
        let gamma = history
            .back()
            .map_or(1.0 / dot(&g, &g).sqrt().max(1.0), |(s, y, _)| {
                dot(s, y) / dot(y, y).max(f64::MIN_POSITIVE)
            });
        q.iter_mut().for_each(|x| *x *= gamma);
        for ((s, y, rho), a) in history.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(y, &q);
            axpy(&mut q, a - b, s);
        }
        // The step goes along -q; back off until the objective drops enough (Armijo).
        let slope = -dot(&g, &q);
        if slope >= 0.0 {
            break;
        }
        let mut step = 1.0;
        let mut f_next;
        loop {
            for ((x, w0), qi) in next.iter_mut().zip(&w).zip(&q) {
                *x = w0 - step * qi;
            }
            f_next = objective(&next, &mut g_next);
            if f_next <= f + 1e-4 * step * slope || step < 1e-10 {
                break;
            }
            step *= 0.5;
        }
        let s: Vec<f64> = next.iter().zip(&w).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_next.iter().zip(&g).map(|(a, b)| a - b).collect();
        let converged = f - f_next < TOLERANCE * f.abs().max(1.0);
        std::mem::swap(&mut w, &mut next);
        std::mem::swap(&mut g, &mut g_next);
        f = f_next;
        let sy = dot(&s, &y);
        if sy > 1e-12 {
            history.push_back((s, y, 1.0 / sy));
            if history.len() > HISTORY {
                history.pop_front();
            }
        }
        if converged {
            break;
        }
    }
    w
}

/// Weights for a model file: single precision, tiny ones dropped (they only inflate it).
pub(crate) fn pruned(w: Vec<f64>) -> Vec<f32> {
    w.into_iter()
        .map(|x| if x.abs() < 1e-4 { 0.0 } else { x as f32 })
        .collect()
}

/// Adds the summed log-loss at `w` to `loss` (returned) and its gradient to `g`.
fn log_loss<const N: usize>(
    data: &[([u32; N], bool)],
    w: &[f64],
    g: &mut [f64],
    mut loss: f64,
) -> f64 {
    for (f, y) in data {
        let s: f64 = f
            .iter()
            .map(|&i| w.get(i as usize).copied().unwrap_or(0.0))
            .sum();
        let y = if *y { 1.0 } else { 0.0 };
        // log(1 + e^s) - y·s without overflow.
        let softplus = if s > 0.0 {
            s + (-s).exp().ln_1p()
        } else {
            s.exp().ln_1p()
        };
        loss += softplus - y * s;
        let d = 1.0 / (1.0 + (-s).exp()) - y;
        for &i in f {
            if let Some(gi) = g.get_mut(i as usize) {
                *gi += d;
            }
        }
    }
    loss
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `a += k · b`.
fn axpy(a: &mut [f64], k: f64, b: &[f64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += k * y;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feature 1 mostly marks positives, feature 2 negatives, feature 0 fires always.
    fn examples() -> Vec<([u32; 2], bool)> {
        let mut d = Vec::new();
        for k in 0..40 {
            d.push(([0, 1], k % 8 != 0));
            d.push(([0, 2], k % 10 == 0));
        }
        d
    }

    #[test]
    fn learns_which_features_mark_positives() {
        let w = train(&examples(), 4, 1.0, 100);
        assert!(w[1] > 1.0 && w[2] < -1.0, "{w:?}");
        // Feature 3 never fires: the penalty keeps it at zero.
        assert_eq!(w[3], 0.0);
        // Positives given feature 1: 35 of 40, so a probability near 7/8.
        let p = 1.0 / (1.0 + (-(w[0] + w[1])).exp());
        assert!((p - 0.875).abs() < 0.05, "{p}");
    }

    #[test]
    fn the_order_of_the_examples_does_not_matter() {
        let d = examples();
        let mut rev = d.clone();
        rev.reverse();
        let (a, b) = (train(&d, 4, 1.0, 100), train(&rev, 4, 1.0, 100));
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-6, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn out_of_table_ids_and_no_data_are_harmless() {
        let w = train(&[([7u32, 0], true)], 2, 1.0, 50);
        assert!(w[0] > 0.0);
        let none: Vec<([u32; 2], bool)> = Vec::new();
        assert_eq!(train(&none, 3, 1.0, 50), vec![0.0; 3]);
    }
}
