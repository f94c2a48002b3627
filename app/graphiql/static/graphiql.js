// Starts GraphiQL with what the page's JSON data block holds (a first query and request
// headers under `edestory dev`). A separate file, because the page's Content-Security-Policy
// lets no inline script run.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("graphiql-config").textContent);
  var url = window.location.href.split("#")[0].split("?")[0];
  var props = {
    fetcher: GraphiQL.createFetcher({ url: url }),
    isHeadersEditorEnabled: true,
    // The dev token belongs to this run's database: a token kept by the browser from an
    // earlier run would be stale after `make clean`.
    shouldPersistHeaders: false,
    inputValueDeprecation: true,
    defaultEditorToolsVisibility: config.headers ? "headers" : true,
  };
  if (config.query) {
    props.query = config.query;
  }
  if (config.headers) {
    props.headers = config.headers;
  }
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, props)
  );
})();
