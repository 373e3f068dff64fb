// d3-format ships no types; it is Vega-Lite's (and Plot's) number formatter, used here as the
// reference the display helpers' number formatting must agree with.
declare module "d3-format" {
  export function format(specifier: string): (value: number) => string;
}
