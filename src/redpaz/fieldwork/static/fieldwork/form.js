/* The field form: save records on the phone (IndexedDB), sync them when there is a connection.
 *
 * Each record gets a UUID when first saved and remembers the server version it was based on
 * (null until the server first confirms it). Sync sends every pending record with
 * PUT /api/v1/fieldwork/<kind>/<uuid>/: the server creates it, applies the change, or answers
 * 409 with its own version when the record changed there in the meantime; the person then
 * keeps theirs (sent again on top of the server version) or takes the server's.
 */
(function () {
  "use strict";

  var app = document.getElementById("field-app");
  if (!app) { return; }
  var store = window.RedPazFieldStore;
  var API = app.dataset.api;
  var USER = app.dataset.user;
  var T = app.dataset;
  var syncing = null;
  var MAX_PHOTO_SIDE = 1280;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : app.dataset.csrf;
  }

  function say(text) { $("#field-message").textContent = text || ""; }

  function showStatus() {
    var status = $("#field-status");
    var online = navigator.onLine;
    status.textContent = online ? T.textOnline : T.textOffline;
    status.className = "field-status " + (online ? "online" : "offline");
  }

  /* ---- forms ---- */

  function serialise(form) {
    var data = {};
    $all("[name]", form).forEach(function (el) {
      var name = el.name;
      if (el.type === "checkbox") {
        if (el.hasAttribute("value")) {
          data[name] = data[name] || [];
          if (el.checked) { data[name].push(el.value); }
        } else {
          data[name] = el.checked;
        }
      } else if (el.type === "number" || el.type === "hidden" && (name === "latitude" || name === "longitude")) {
        data[name] = el.value === "" ? null : Number(el.value);
      } else if (el.type === "date") {
        data[name] = el.value || null;
      } else if (name === "zone") {
        data[name] = Number(el.value);
      } else {
        data[name] = el.value;
      }
    });
    if (form.dataset.kind === "mediations") {
      data.follow_ups = $all(".follow-up", form).map(function (row) {
        return {
          due_on: $("[data-f=due_on]", row).value || null,
          done_on: $("[data-f=done_on]", row).value || null,
          note: $("[data-f=note]", row).value
        };
      }).filter(function (f) { return f.due_on; });
    }
    return data;
  }

  function fill(form, data) {
    $all("[name]", form).forEach(function (el) {
      var value = data[el.name];
      if (el.type === "checkbox") {
        el.checked = el.hasAttribute("value") ? (value || []).indexOf(el.value) >= 0 : !!value;
      } else if (el.type === "datetime-local" && value) {
        el.value = String(value).slice(0, 16);
      } else {
        el.value = value === null || value === undefined ? "" : value;
      }
    });
    var box = $("[data-follow-ups]", form);
    if (box) {
      box.innerHTML = "";
      (data.follow_ups || []).forEach(function (f) { addFollowUp(form, f); });
    }
    pointText(form);
  }

  function addFollowUp(form, values) {
    var template = $("[data-follow-up-template]", form);
    var row = template.content.firstElementChild.cloneNode(true);
    ["due_on", "done_on", "note"].forEach(function (key) {
      $("[data-f=" + key + "]", row).value = (values && values[key]) || "";
    });
    $("[data-follow-ups]", form).appendChild(row);
  }

  function pointText(form) {
    var lat = $("[name=latitude]", form).value;
    var lon = $("[name=longitude]", form).value;
    $("[data-point-text]", form).textContent = lat ? Number(lat).toFixed(5) + ", " + Number(lon).toFixed(5) : "";
  }

  function resetForm(form) {
    form.reset();
    delete form.dataset.uuid;
    var box = $("[data-follow-ups]", form);
    if (box) { box.innerHTML = ""; }
    $all("[data-point-text]", form).forEach(function (el) { el.textContent = ""; });
    setNow(form);
  }

  function setNow(form) {
    var el = $("[name=occurred_at]", form);
    if (el && !el.value) {
      var now = new Date();
      now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
      el.value = now.toISOString().slice(0, 16);
    }
  }

  /* ---- photos: made smaller on the phone before they are kept or sent ---- */

  function shrink(file) {
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", 0.8); });
    });
  }

  function photosOf(form) {
    var inputs = $all("input[data-photo]", form).filter(function (el) { return el.files && el.files[0]; });
    return Promise.all(inputs.map(function (el) {
      return shrink(el.files[0]).then(function (blob) { return [el.dataset.photo, blob]; });
    })).then(function (pairs) {
      var photos = {};
      pairs.forEach(function (p) { photos[p[0]] = p[1]; });
      return photos;
    });
  }

  /* ---- saving and syncing ---- */

  function label(kind, data) {
    var form = $("form[data-kind=" + kind + "]");
    var zone = $("[name=zone] option[value='" + data.zone + "']", form);
    var when = data.occurred_at || data.identified_on || data.date || "";
    return $("h1", form).textContent + " · " + (zone ? zone.textContent : "") + " · " + String(when).replace("T", " ");
  }

  function save(form) {
    var kind = form.dataset.kind;
    var data = serialise(form);
    var key = form.dataset.uuid;
    return (key ? store.get(key) : Promise.resolve(null)).then(function (previous) {
      return photosOf(form).then(function (photos) {
        var record = {
          uuid: key || store.uuid4(),
          user: USER,
          kind: kind,
          data: data,
          // The server version this edit started from (null: never confirmed by the server).
          base_version: previous ? previous.base_version : null,
          photos: Object.assign({}, previous && previous.photos, photos),
          status: "pending",
          server: null,
          error: "",
          label: label(kind, data),
          saved_at: new Date().toISOString()
        };
        return store.put(record);
      });
    }).then(function () {
      resetForm(form);
      say(T.textSaved);
      return render().then(function () { if (navigator.onLine) { return sync(); } });
    });
  }

  function send(record) {
    var body = Object.assign({}, record.data, { base_version: record.base_version });
    return fetch(API + record.kind + "/" + record.uuid + "/", {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (response.status === 200 || response.status === 201) {
          record.base_version = json.version;
          record.status = "synced";
          record.server = null;
          record.error = "";
          return sendPhotos(record);
        }
        if (response.status === 409) {
          record.status = "conflict";
          record.server = json.server;
        } else {
          record.status = "error";
          record.error = JSON.stringify(json);
        }
        return record;
      });
    }).then(function () { return store.put(record); });
  }

  function sendPhotos(record) {
    var slots = Object.keys(record.photos || {});
    return slots.reduce(function (chain, slot) {
      return chain.then(function () {
        var form = new FormData();
        form.append("slot", slot);
        form.append("photo", record.photos[slot], record.uuid + "-" + slot + ".jpg");
        return fetch(API + record.kind + "/" + record.uuid + "/photos/", {
          method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }, body: form
        }).then(function (response) {
          if (response.ok) { delete record.photos[slot]; } else { record.status = "pending"; }
        });
      });
    }, Promise.resolve()).then(function () { return record; });
  }

  /* Send every pending record once; a sync already running is joined, not repeated. */
  function sync() {
    if (syncing) { return syncing; }
    syncing = store.all().then(function (records) {
      var pending = records.filter(function (r) { return r.user === USER && r.status === "pending"; });
      return pending.reduce(function (chain, record) {
        return chain.then(function () { return send(record); });
      }, Promise.resolve());
    }).then(function () {
      say(T.textSyncDone);
    }, function () {
      // No connection (or the server is down): records stay pending for the next try.
      showStatus();
    }).then(function () {
      syncing = null;
      return render();
    });
    return syncing;
  }

  /* ---- the list of records on this phone ---- */

  function render() {
    return store.all().then(function (records) {
      var mine = records.filter(function (r) { return r.user === USER; });
      mine.sort(function (a, b) { return a.saved_at < b.saved_at ? 1 : -1; });
      var list = $("#field-queue");
      list.innerHTML = "";
      var pending = 0;
      mine.forEach(function (record) {
        if (record.status === "pending") { pending += 1; }
        var li = document.createElement("li");
        li.dataset.uuid = record.uuid;
        li.dataset.status = record.status;
        var text = document.createElement("span");
        text.textContent = record.label;
        var state = document.createElement("span");
        state.className = "state " + record.status;
        state.textContent = { pending: T.textPending, synced: T.textSynced, conflict: T.textConflict, error: T.textError }[record.status];
        li.appendChild(text);
        li.appendChild(state);
        li.appendChild(button(T.textEdit, function () { edit(record); }));
        if (record.status === "conflict") {
          var pre = document.createElement("pre");
          pre.textContent = T.textServerVersion + " " + record.server.version + ": " + JSON.stringify(record.server, null, 1);
          li.appendChild(pre);
          li.appendChild(button(T.textKeepMine, function () { resolve(record, "mine"); }));
          li.appendChild(button(T.textKeepServer, function () { resolve(record, "server"); }));
        } else if (record.status === "error") {
          var error = document.createElement("pre");
          error.textContent = record.error;
          li.appendChild(error);
        }
        list.appendChild(li);
      });
      $("#field-pending").textContent = pending;
      app.dataset.pending = String(pending);
    });
  }

  function button(text, onclick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "small secondary";
    b.textContent = text;
    b.addEventListener("click", onclick);
    return b;
  }

  function edit(record) {
    var form = $("form[data-kind=" + record.kind + "]");
    showTab(form.dataset.tabPanel);
    fill(form, record.data);
    form.dataset.uuid = record.uuid;
    form.scrollIntoView();
  }

  function resolve(record, choice) {
    if (choice === "mine") {
      record.base_version = record.server.version;
      record.status = "pending";
    } else {
      var data = {};
      Object.keys(record.data).forEach(function (key) { data[key] = record.server[key]; });
      record.data = data;
      record.base_version = record.server.version;
      record.status = "synced";
    }
    record.server = null;
    return store.put(record).then(function () { return choice === "mine" ? sync() : render(); });
  }

  /* ---- tabs, location, start ---- */

  function showTab(name) {
    $all("[data-tab-panel]").forEach(function (form) { form.hidden = form.dataset.tabPanel !== name; });
    $all("[data-tab]").forEach(function (a) {
      if (a.dataset.tab === name) { a.setAttribute("aria-current", "page"); } else { a.removeAttribute("aria-current"); }
    });
  }

  $all("[data-tab]").forEach(function (a) {
    a.addEventListener("click", function (event) { event.preventDefault(); showTab(a.dataset.tab); });
  });
  $all("form.field-form").forEach(function (form) {
    setNow(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.reportValidity()) { return; }
      save(form);
    });
    var locate = $("[data-locate]", form);
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        $("[name=latitude]", form).value = position.coords.latitude.toFixed(6);
        $("[name=longitude]", form).value = position.coords.longitude.toFixed(6);
        $("[name=precision]", form).value = position.coords.accuracy <= 30 ? "exact" : "approximate";
        pointText(form);
      });
    });
    var add = $("[data-add-follow-up]", form);
    if (add) { add.addEventListener("click", function () { addFollowUp(form); }); }
  });
  $("#field-sync").addEventListener("click", function () { sync(); });
  window.addEventListener("online", function () { showStatus(); sync(); });
  window.addEventListener("offline", showStatus);
  window.RedPazField = { sync: sync, render: render };

  if ("serviceWorker" in navigator && app.dataset.sw) {
    navigator.serviceWorker.register(app.dataset.sw, { scope: "/" }).catch(function () {});
  }
  showStatus();
  render().then(function () {
    app.dataset.ready = "1";
    if (navigator.onLine) { sync(); }
  });
})();
