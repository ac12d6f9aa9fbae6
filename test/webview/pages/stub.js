/* global window, document */
// Runs before the page's own scripts (Playwright init script, outside the CSP): a stand-in for
// VS Code's webview API that records what the panel posts, plus CSP-violation and injection probes.
(() => {
  const posted = [];
  let state;
  window.__posted = posted;
  window.__csp = [];
  window.__executed = [];
  window.__probe = (what) => window.__executed.push(String(what));
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  if (!window.__standalone) {
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => {
        if (m && m.type === 'ready') window.__readyAt = performance.now();
        posted.push(JSON.parse(JSON.stringify(m)));
      },
      getState: () => state,
      setState: (s) => {
        state = s;
      },
    });
  }
})();
