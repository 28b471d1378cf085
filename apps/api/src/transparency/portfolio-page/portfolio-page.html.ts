/**
 * The page's shell: static, with no data in it. The script fills it from the public GraphQL
 * API, so the page shows exactly what an anonymous reader may already query — no more.
 */
export const PORTFOLIO_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Co-development portfolio</title>
<link rel="icon" href="/portfolio/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/portfolio/portfolio.css">
<script src="/portfolio/portfolio.js" defer></script>
</head>
<body data-state="loading">
<header>
  <h1>Co-development portfolio</h1>
  <p class="lede">Projects funded together by migrant organisations and governments: where the money goes, who pays, how far each project has got, and the published results of each call for proposals.</p>
  <label class="scope">Programme <select id="programme"><option value="">All programmes</option></select></label>
</header>
<main>
  <p id="status" role="status">Loading…</p>
  <section id="charts" aria-labelledby="charts-title" hidden>
    <h2 id="charts-title">The portfolio in figures</h2>
    <div class="figures">
      <figure id="by-year"><figcaption>By year of submission</figcaption></figure>
      <figure id="by-sector"><figcaption>By sector: the projects’ cost</figcaption></figure>
      <figure id="by-level"><figcaption>By funder level: <span class="key committed">committed</span> and <span class="key paid">paid</span></figcaption></figure>
    </div>
    <p class="note">Amounts are shown per currency, never added across currencies.</p>
  </section>
  <section id="places" aria-labelledby="places-title" hidden>
    <h2 id="places-title">Where</h2>
    <table><thead><tr><th>Country</th><th>State or region</th><th class="num">Projects</th><th class="num">Municipalities</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="projects" aria-labelledby="projects-title" hidden>
    <h2 id="projects-title">Projects, their funders and progress</h2>
    <table><thead><tr><th>Project</th><th>Place</th><th class="num">Cost</th><th>Funders (share)</th><th>Progress</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="calls" aria-labelledby="calls-title" hidden>
    <h2 id="calls-title">Calls for proposals: published results</h2>
    <div class="call-list"></div>
  </section>
</main>
<footer>
  <p>Open data: the same figures at <a href="/graphql">/graphql</a> (queries <code>portfolioReport</code>, <code>fundingReport</code>, <code>applications</code>, <code>calls</code>), as CSV under <code>/exports/…</code> and as IATI under <code>/iati/programmes/…</code>. People taking part on their own are shown as private individuals.</p>
</footer>
</body>
</html>
`;

/** A small mark for the browser tab, served here so the page asks nothing of anyone else. */
export const PORTFOLIO_PAGE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="1" y="9" width="4" height="6" fill="#2f6f8f"/><rect x="6" y="5" width="4" height="10" fill="#4d9bbf"/><rect x="11" y="1" width="4" height="14" fill="#2f6f8f"/></svg>`;

/**
 * Scripts and styles from this API only, data only from its own GraphQL endpoint, nothing
 * inline, no framing: a page that shows public data must not become a way to run someone
 * else's code next to it.
 */
export const PORTFOLIO_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
