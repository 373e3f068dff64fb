export {
  type DisplayOptions,
  displayOptionsSchema,
  type JupyterDisplayable,
  jupyterDisplay,
  jupyterDisplaySymbol,
  type MimeBundle,
  toMimeBundle,
} from "./jupyter.js";
export type { Cell, ChartRow } from "./rows.js";
export { type TableOptions, tableOptionsSchema, toHtmlTable, toTextTable } from "./table.js";
export {
  type ChartKind,
  type JsonValue,
  toVegaLite,
  type VegaLiteOptions,
  type VegaLiteSpec,
  vegaLiteOptionsSchema,
} from "./vega.js";
