// Monaco (GraphiQL's editor) runs its language services in web workers. They are bundled by
// build.mjs into /assets/workers/ and started from the page's own origin, so the page needs no
// blob: workers and no CDN (GraphiQL's own `setup-workers/esm.sh` would load them from esm.sh).
/* global __STDGRAPH_WORKERS__ */
const urls = __STDGRAPH_WORKERS__;

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    switch (label) {
      case 'json':
        return new Worker(urls['json.worker'], { name: 'json' });
      case 'graphql':
        return new Worker(urls['graphql.worker'], { name: 'graphql' });
      default:
        return new Worker(urls['editor.worker'], { name: label || 'editor' });
    }
  },
};
