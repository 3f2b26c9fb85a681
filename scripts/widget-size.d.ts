// Types for scripts/widget-size.js (plain Node ESM), used by test/size.
export declare const LOADER_BUDGET_BYTES: number;
export declare const OPEN_WIDGET_BUDGET_BYTES: number;
export declare const OPEN_WITH_MARKDOWN_BUDGET_BYTES: number;
export declare const LAZY_CHUNK_BUDGET_BYTES: number;
export declare function measureWidget(distDir: string): {
  loader: number;
  openWidget: number;
  /** The markdown chunk (marked, the sanitizer), loaded with the first message that needs it. */
  markdown: number;
  files: string[];
  lazy: Array<{ file: string; bytes: number }>;
};
