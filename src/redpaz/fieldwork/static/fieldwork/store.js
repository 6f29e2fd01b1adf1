/* The field form's local store: records kept in IndexedDB until the server confirms them.
 * One object store, keyed by the record's UUID (generated on the phone), so saving the same
 * record again replaces it and syncing it twice sends the same identity twice. */
(function () {
  "use strict";

  var DB_NAME = "redpaz-fieldwork";
  var STORE = "records";
  var opening = null;

  function open() {
    if (opening) { return opening; }
    opening = new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "uuid" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return opening;
  }

  function run(mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = action(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  window.RedPazFieldStore = {
    put: function (record) { return run("readwrite", function (s) { return s.put(record); }); },
    get: function (key) { return run("readonly", function (s) { return s.get(key); }); },
    all: function () { return run("readonly", function (s) { return s.getAll(); }); },
    remove: function (key) { return run("readwrite", function (s) { return s.delete(key); }); },
    uuid4: uuid4
  };
})();
