// The page's own script: draws the graph with cytoscape.js from the JSON
// the page carries, ties the drawing, the search box, the list of entities
// and the account panel together. Everything it shows is also in the lists.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('graph-data').textContent);
  var panel = document.getElementById('account');
  var search = document.getElementById('search');
  var matches = document.getElementById('matches');
  var items = Array.prototype.slice.call(document.querySelectorAll('#entities > li'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('#edges tbody tr'));
  var itemById = {};
  items.forEach(function (li) { itemById[li.dataset.id] = li; });

  // Case and accents ignored, as newsls compares names.
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  var css = getComputedStyle(document.documentElement);
  function colour(kind) {
    var value = css.getPropertyValue('--' + (kind || 'other')).trim();
    return value || css.getPropertyValue('--other').trim() || '#6b7280';
  }
  var maxDocuments = 1, maxWeight = 1;
  data.nodes.forEach(function (n) { maxDocuments = Math.max(maxDocuments, n.documents); });
  data.edges.forEach(function (e) { maxWeight = Math.max(maxWeight, e.weight); });

  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({ group: 'nodes', data: {
      id: n.id, label: n.name, colour: colour(n.kind),
      // Area grows with the documents that mention it.
      size: 18 + 42 * Math.sqrt(n.documents / maxDocuments)
    } });
  });
  data.edges.forEach(function (e, i) {
    elements.push({ group: 'edges', data: {
      id: 'e' + i, source: e.source, target: e.target, kind: e.kind,
      width: 1 + 5 * (e.weight / maxWeight)
    } });
  });

  var cy = null;
  if (typeof cytoscape === 'function') {
    var started = performance.now();
    // The force-directed layout costs edges times iterations: large
    // folders (every pair of a document's entities is a co-mention) get
    // fewer iterations so the page opens in seconds, not minutes.
    var iterations = data.edges.length > 2000 ? 150 : 1000;
    cy = cytoscape({
      container: document.getElementById('graph'),
      elements: elements,
      style: [
        { selector: 'node', style: {
          'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)',
          label: 'data(label)', 'font-size': 11, color: '#111827',
          'text-valign': 'bottom', 'text-margin-y': 3,
          'text-outline-color': '#ffffff', 'text-outline-width': 2
        } },
        { selector: 'edge', style: {
          width: 'data(width)', 'line-color': '#6b7280', 'curve-style': 'bezier', opacity: 0.8
        } },
        // Co-mentions are many and say less: straight, light, dashed, and
        // drawn over each other rather than fanned out beside stated ones.
        { selector: 'edge[kind = "co-mention"]', style: {
          'line-style': 'dashed', 'line-color': '#9ca3af', 'curve-style': 'haystack', opacity: 0.45
        } },
        { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#f59e0b' } },
        { selector: '.faded', style: { opacity: 0.15 } },
        { selector: '.match', style: { 'border-width': 3, 'border-color': '#111827' } }
      ],
      layout: { name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
                numIter: iterations, idealEdgeLength: function () { return 90; },
                nodeRepulsion: function () { return 12000; } },
      minZoom: 0.1, maxZoom: 4
    });
    cy.on('tap', 'node', function (event) { show(event.target.id()); });
    cy.on('tap', function (event) { if (event.target === cy) { clear(); } });
    document.body.dataset.drawnNodes = String(cy.nodes().length);
    document.body.dataset.drawnEdges = String(cy.edges().length);
    document.body.dataset.layoutMs = String(Math.round(performance.now() - started));
  }

  function clear() {
    items.forEach(function (li) { li.classList.remove('selected'); });
    if (cy) { cy.elements().unselect(); }
  }

  // Shows an entity's account in the panel (the same account the list
  // holds), selects it in the drawing and the list.
  function show(id) {
    var li = itemById[id];
    if (!li) { return; }
    clear();
    li.classList.add('selected');
    var account = li.querySelector('.account');
    panel.innerHTML = account ? account.innerHTML : '';
    var link = document.createElement('p');
    link.innerHTML = '<a href="#entity-' + encodeURIComponent(id) + '">In the list</a>';
    panel.appendChild(link);
    if (cy) {
      var node = cy.getElementById(id);
      node.select();
      // Bring it into view only when it is out of view.
      var at = node.renderedPosition();
      if (at.x < 0 || at.y < 0 || at.x > cy.width() || at.y > cy.height()) {
        cy.center(node);
      }
    }
    if (history.replaceState) { history.replaceState(null, '', '#@' + encodeURIComponent(id)); }
  }

  items.forEach(function (li) {
    li.querySelector('details').addEventListener('toggle', function (event) {
      if (event.target.open) { show(li.dataset.id); }
    });
  });

  function filter() {
    var query = fold(search.value.trim());
    var shown = {};
    var count = 0;
    items.forEach(function (li) {
      var hit = query === '' || fold(li.dataset.search).indexOf(query) >= 0;
      li.hidden = !hit;
      if (hit) { shown[li.dataset.id] = true; count += 1; }
    });
    rows.forEach(function (tr) {
      tr.hidden = query !== '' && !shown[tr.dataset.source] && !shown[tr.dataset.target];
    });
    if (cy) {
      cy.batch(function () {
        cy.nodes().forEach(function (node) {
          var hit = !!shown[node.id()];
          node.toggleClass('faded', query !== '' && !hit);
          node.toggleClass('match', query !== '' && hit);
        });
        cy.edges().forEach(function (edge) {
          edge.toggleClass('faded', query !== '' && !(shown[edge.source().id()] && shown[edge.target().id()]));
        });
      });
    }
    matches.textContent = query === '' ? '' : count + ' of ' + items.length + ' entities match';
    return Object.keys(shown);
  }
  search.addEventListener('input', filter);
  search.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') {
      var first = items.filter(function (li) { return !li.hidden; })[0];
      if (first) { show(first.dataset.id); }
    }
  });

  // `#@id` opens that entity's account; `#q=text` searches.
  function fromHash() {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf('@') === 0) { show(hash.slice(1)); }
    else if (hash.indexOf('q=') === 0) { search.value = hash.slice(2); filter(); }
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
})();
