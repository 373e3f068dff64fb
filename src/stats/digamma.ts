import stdlibDigamma from "@stdlib/math-base-special-digamma";

// The model fits need digamma (likelihood gradients); their predictions do not. @stdlib packages
// do not declare "sideEffects": false, so an application's bundler keeps one whenever a module
// that imports it is reached. Through this module (ours, side-effect free), importing only the
// predictions (customerLifetimeValue) leaves digamma out of the bundle.

/**
 * The digamma function ψ(x) = d/dx ln Γ(x) (stdlib, from Boost). @internal
 */
export function digamma(x: number): number {
  return stdlibDigamma(x);
}
