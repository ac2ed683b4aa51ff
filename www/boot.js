// Runs before the page's module: if the package or a module cannot load
// (pkg/ not built, the .wasm missing, a browser without import maps), say so
// on the page instead of leaving it blank. app.js takes over once it runs.
(function () {
  'use strict';
  function show(text, evenOnceStarted) {
    if (window.originRegionsDemoStarted && !evenOnceStarted) return;
    var put = function () {
      var el = document.getElementById('boot');
      if (!el) return;
      el.hidden = false;
      el.textContent = text;
      el.className = 'boot boot-failed';
      el.setAttribute('role', 'alert');
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', put);
    else put();
  }
  var hint = ' Build the package (bash scripts/build.sh) and reload.';
  window.addEventListener('error', function (event) {
    var target = event.target;
    if (target && target.tagName === 'SCRIPT') {
      show('The page could not load ' + (target.src || 'a script') + ' or a module it imports.' + hint);
    } else if (event.message) {
      show('The page failed to start: ' + event.message + '.' + hint);
    }
  }, true);
  window.addEventListener('unhandledrejection', function (event) {
    var reason = event.reason && event.reason.message ? event.reason.message : String(event.reason);
    // The package loads its wasm once the page's modules run: say so even then.
    show('The page failed to start: ' + reason + '.' + hint, /WebAssembly module could not be loaded/.test(reason));
  });
  if (!(window.HTMLScriptElement && HTMLScriptElement.supports && HTMLScriptElement.supports('importmap'))) {
    show('This browser does not support import maps; use a current Chrome, Edge, Firefox or Safari.');
  }
})();
