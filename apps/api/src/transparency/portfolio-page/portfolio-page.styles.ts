/** The page's styles: one small sheet, served from here (the CSP allows no inline style). */
export const PORTFOLIO_PAGE_CSS = `
:root { color-scheme: light; --ink: #1d2a33; --muted: #5b6b76; --line: #d8e0e5; --accent: #2f6f8f; --accent-light: #a9cfe0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #f7f9fa; }
header, main, footer { max-width: 1120px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.lede { margin: 0 0 10px; color: var(--muted); max-width: 760px; }
.scope select { margin-left: 6px; font: inherit; padding: 2px 4px; }
#status { color: var(--muted); }
body[data-state="error"] #status { color: #a4262c; font-weight: 600; }
.figures { display: grid; grid-template-columns: 1fr; gap: 12px; }
figure { margin: 0; padding: 10px 12px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
.panel-title { font-size: 12px; color: var(--muted); margin: 8px 0 2px; text-transform: uppercase; letter-spacing: .04em; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { font-size: 13px; fill: var(--ink); }
svg.chart .bar { fill: var(--accent); }
svg.chart .bar-committed { fill: var(--accent-light); }
svg.chart .value { fill: var(--muted); }
.key::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; }
.key.committed::before { background: var(--accent-light); }
.key.paid::before { background: var(--accent); }
.note, .empty { color: var(--muted); font-size: 12px; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; color: var(--muted); background: #eef3f6; }
td.num, th.num { text-align: right; white-space: nowrap; }
.title { font-weight: 600; }
.sub { color: var(--muted); font-size: 12px; }
ul.funders { margin: 0; padding: 0; list-style: none; }
.status { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; font-weight: 600; background: #e4ecf0; }
.status-COMPLETED, .status-FUNDED { background: #d7eedb; }
.status-IN_EXECUTION, .status-APPROVED { background: #dbe9f6; }
.status-REJECTED, .status-FAILED, .status-WITHDRAWN, .status-EXCLUDED { background: #f4dcdc; }
.status-RESERVE { background: #f6eccf; }
.call { margin-bottom: 18px; }
footer { margin-top: 28px; padding-bottom: 24px; color: var(--muted); font-size: 12px; }
code { font-size: 12px; }
`;
