// /dev/phone: the page is server-rendered; this swaps in fresh fragments when the live stream
// (Server-Sent Events) says a phone changed, and posts the forms without leaving the page.
(function () {
  'use strict';
  var phones = document.getElementById('dp-phones');
  var panel = document.getElementById('dp-panel');
  var live = document.getElementById('dp-live');
  var errorBox = document.getElementById('dp-error');
  var source = null;
  var panelMember = null;

  function memberIds() {
    return Array.prototype.map.call(phones.querySelectorAll('.dp-phone'), function (el) { return el.getAttribute('data-member'); });
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  function remember() {
    var ids = memberIds();
    history.replaceState(null, '', '/dev/phone?members=' + ids.join(','));
  }

  function get(url) {
    return fetch(url, { headers: { Accept: 'text/html' } }).then(function (res) {
      if (!res.ok) throw new Error(url + ' answered ' + res.status);
      return res.text();
    });
  }

  function post(url, fields) {
    return fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(fields),
    }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw new Error(body.message || body.code || 'request failed (' + res.status + ')');
        return body;
      });
    });
  }

  function scrollThread(card) {
    var thread = card.querySelector('[data-thread]');
    if (thread) thread.scrollTop = thread.scrollHeight;
  }

  function refresh(id) {
    var card = document.getElementById('phone-' + id);
    if (!card) return Promise.resolve();
    return get('/dev/phone/members/' + id + '/card').then(function (html) {
      card.querySelector('[data-live]').innerHTML = html;
      scrollThread(card);
      if (panelMember === id) return details(id);
    });
  }

  function details(id) {
    panelMember = id;
    return get('/dev/phone/members/' + id + '/panel').then(function (html) { panel.innerHTML = html; });
  }

  function addCard(id) {
    if (document.getElementById('phone-' + id)) return refresh(id);
    return get('/dev/phone/members/' + id + '/card?whole=1').then(function (html) {
      var empty = phones.querySelector('.dp-empty');
      if (empty) empty.remove();
      phones.insertAdjacentHTML('beforeend', html);
      scrollThread(document.getElementById('phone-' + id));
      remember();
      connect();
    });
  }

  function connect() {
    if (source) source.close();
    var ids = memberIds();
    live.textContent = 'connecting';
    live.className = 'dp-live';
    source = new EventSource('/dev/phone/events?members=' + ids.join(','));
    source.addEventListener('ready', function () {
      live.textContent = 'live';
      live.className = 'dp-live on';
      ids.forEach(refresh);
    });
    source.addEventListener('member', function (e) {
      refresh(JSON.parse(e.data).userId).catch(function (err) { showError(err.message); });
    });
    source.onerror = function () {
      live.textContent = 'reconnecting';
      live.className = 'dp-live';
    };
  }

  function formFields(form) {
    var fields = {};
    new FormData(form).forEach(function (value, key) { fields[key] = value; });
    return fields;
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    var action = form.getAttribute('data-action');
    if (!action) return;
    e.preventDefault();
    var fields = formFields(form);
    var buttons = form.querySelectorAll('button');
    buttons.forEach(function (b) { b.disabled = true; });
    if (action === 'text') form.querySelector('input[name=body]').value = '';
    showError('');
    post(form.action, fields).then(function (body) {
      if (action === 'add') return addCard(body.userId);
      if (action === 'clock') {
        var now = document.getElementById('dp-now');
        now.textContent = body.now.label;
        now.setAttribute('datetime', body.now.iso);
        if (body.failed && body.failed.length) showError('Sweeps failed: ' + body.failed.join(', '));
        return Promise.all(memberIds().map(refresh)).then(function () { if (panelMember) return details(panelMember); });
      }
      var card = form.closest('.dp-phone');
      return card ? refresh(card.getAttribute('data-member')) : null;
    }).catch(function (err) {
      showError(err.message);
    }).then(function () {
      buttons.forEach(function (b) { b.disabled = false; });
      if (action === 'text') form.querySelector('input[name=body]').focus();
    });
  });

  document.addEventListener('click', function (e) {
    var target = e.target.closest('button');
    if (!target) return;
    if (target.hasAttribute('data-details')) {
      details(target.getAttribute('data-details')).catch(function (err) { showError(err.message); });
    } else if (target.hasAttribute('data-open')) {
      addCard(target.getAttribute('data-open')).catch(function (err) { showError(err.message); });
    } else if (target.hasAttribute('data-close')) {
      target.closest('.dp-phone').remove();
      remember();
      connect();
    }
  });

  Array.prototype.forEach.call(phones.querySelectorAll('.dp-phone'), scrollThread);
  remember();
  connect();
})();
