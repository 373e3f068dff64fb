export {
  type DisplayOptions,
  displayOptionsSchema,
  type JupyterDisplayable,
  jupyterDisplay,
  jupyterDisplaySymbol,
  type MimeBundle,
  safeJupyterDisplay,
  safeToMimeBundle,
  toMimeBundle,
} from "./jupyter.js";
export type { Cell, ChartRow } from "./rows.js";
export {
  safeToHtmlTable,
  safeToTextTable,
  type TableOptions,
  tableOptionsSchema,
  toHtmlTable,
  toTextTable,
} from "./table.js";
export {
  type ChartKind,
  type JsonValue,
  safeToVegaLite,
  toVegaLite,
  type VegaLiteOptions,
  type VegaLiteSpec,
  vegaLiteOptionsSchema,
} from "./vega.js";
