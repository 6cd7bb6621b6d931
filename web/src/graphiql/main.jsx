// The GraphiQL page (/graphiql): GraphiQL with its explorer plugin and the built-in history and
// documentation plugins, talking to /graphql on this page's origin, subscriptions included
// (graphql-transport-ws on the same path, ws:// or wss:// as the page's scheme says).
import './workers.js';
import { createRoot } from 'react-dom/client';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './graphiql.css';
import { EXAMPLE_TABS } from './examples.js';

const url = new URL('/graphql', window.location.href);
const subscriptionUrl = new URL(url);
subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';

const fetcher = createGraphiQLFetcher({ url: url.href, subscriptionUrl: subscriptionUrl.href });
// Passing `plugins` replaces GraphiQL's default list, which is just the history plugin.
const plugins = [HISTORY_PLUGIN, explorerPlugin()];

function App() {
  return (
    <GraphiQL fetcher={fetcher} plugins={plugins} defaultTabs={EXAMPLE_TABS}>
      <GraphiQL.Logo>
        <span className="stdgraph-logo">
          stdgraph <a href="/explore" title="Open the graph explorer">explorer</a>
        </span>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

createRoot(document.getElementById('graphiql')).render(<App />);
