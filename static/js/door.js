// The check-in page at the palace door (templates/door/index.html). Without this script
// every form still works (a page per answer). With it:
// - a check-in (typed code, a person picked by name, a scanned badge) is sent with fetch
//   and its answer panel, rendered by the server, replaces the page's answer area;
// - the camera scans QR codes (the browser's BarcodeDetector, else jsQR from
//   static/vendor, loaded only then) and sends them through the same function;
// - offline (navigator.onLine false, or fetch failing), a scan is kept in IndexedDB with a
//   key made on this phone, shown as waiting, and sent when the network is back (the
//   `online` event and a retry timer): the server records it once whatever the retries.
// Every text shown comes from the page (#door-texts), in the visitor's language.
(() => {
  "use strict";

  const root = document.querySelector("[data-door]");
  if (!root) {
    return;
  }
  const texts = JSON.parse(document.getElementById("door-texts").textContent);
  const checkInUrl = root.dataset.checkInUrl;
  const answerArea = document.getElementById("door-answer");
  const offlineBox = document.getElementById("door-offline");
  const offlineNotice = document.getElementById("door-offline-notice");
  const waitingLine = document.getElementById("door-waiting");
  const syncedList = document.getElementById("door-synced");
  const codeForm = root.querySelector("[data-door-form=code]");
  const codeInput = codeForm.querySelector("input[name=code]");
  const RETRY_MS = 15000;

  const csrfToken = () => {
    const field = document.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  };

  const newKey = () => {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  };

  // The queue of offline scans: IndexedDB, or this page's memory where it is missing.
  const queue = (() => {
    const memory = new Map();
    let opening = null;
    const open = () => {
      if (!window.indexedDB) {
        return Promise.resolve(null);
      }
      opening = opening || new Promise((resolve) => {
        const request = window.indexedDB.open("eventapp-door", 1);
        request.onupgradeneeded = () => request.result.createObjectStore("scans", { keyPath: "key" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
      });
      return opening;
    };
    const run = async (mode, work) => {
      const db = await open();
      if (!db) {
        return work(null);
      }
      return new Promise((resolve, reject) => {
        const transaction = db.transaction("scans", mode);
        const result = work(transaction.objectStore("scans"));
        transaction.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
        transaction.onerror = () => reject(transaction.error);
      });
    };
    return {
      add: (scan) => run("readwrite", (store) => (store ? store.put(scan) : memory.set(scan.key, scan))),
      remove: (key) => run("readwrite", (store) => (store ? store.delete(key) : memory.delete(key))),
      all: async () => {
        const scans = await run("readonly", (store) => (store ? store.getAll() : null));
        const list = scans || Array.from(memory.values());
        return list.sort((a, b) => (a.scanned_at < b.scanned_at ? -1 : 1));
      },
    };
  })();

  const online = () => navigator.onLine !== false;

  const showPanel = (html) => {
    answerArea.innerHTML = html;
    const panel = answerArea.firstElementChild;
    if (panel) {
      panel.setAttribute("tabindex", "-1");
      panel.focus();
      panel.scrollIntoView({ block: "start" });
    }
  };

  const showMessage = (tone, headline, detail) => {
    const section = document.createElement("section");
    section.className = `door-answer door-answer--${tone}`;
    const heading = document.createElement("h2");
    heading.className = "door-answer__headline";
    heading.textContent = headline;
    section.append(heading);
    if (detail) {
      const note = document.createElement("p");
      note.className = "door-answer__note";
      note.textContent = detail;
      section.append(note);
    }
    const actions = document.createElement("div");
    actions.className = "door-answer__actions";
    const next = document.createElement("button");
    next.type = "button";
    next.className = "button door-button";
    next.dataset.doorNext = "";
    next.textContent = texts.next;
    actions.append(next);
    section.append(actions);
    answerArea.replaceChildren(section);
    section.setAttribute("tabindex", "-1");
    section.focus();
  };

  const body = (scan, offline) => {
    const data = new FormData();
    data.append("csrf_token", csrfToken());
    if (scan.code) {
      data.append("code", scan.code);
    } else {
      data.append("registration_id", scan.registration_id);
    }
    if (offline) {
      data.append("client_key", scan.key);
      data.append("offline", "1");
      data.append("scanned_at", scan.scanned_at);
    }
    return data;
  };

  // Sends one scan; resolves to the server's JSON answer, or null when the network (or
  // the server) did not answer and the scan should be kept for later.
  const send = async (scan, offline) => {
    let response;
    try {
      response = await fetch(checkInUrl, {
        method: "POST",
        body: body(scan, offline),
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      });
    } catch {
      return null;
    }
    if (response.status === 429) {
      return { kind: "limited" };
    }
    if (response.status >= 500) {
      return null;
    }
    try {
      return await response.json();
    } catch {
      return null;
    }
  };

  const keepOffline = async (scan) => {
    await queue.add(scan);
    showMessage("offline", texts.saved_offline, texts.saved_offline_detail);
    await refreshWaiting();
    scheduleSync();
  };

  // The one way a scan goes out: the typed code's form, a person's button and the
  // camera all call it.
  const checkIn = async (scan) => {
    const made = { key: newKey(), scanned_at: new Date().toISOString(), ...scan };
    if (!online()) {
      await keepOffline(made);
      return;
    }
    const answer = await send(made, false);
    if (answer === null) {
      await keepOffline(made);
    } else if (answer.kind === "limited") {
      showMessage("wait", texts.too_many);
    } else if (answer.panel) {
      showPanel(answer.panel);
    } else {
      showMessage("stop", answer.message || texts.failed);
    }
  };
  window.doorCheckIn = checkIn; // the browser tests call what the camera calls

  // Offline scans: how many wait, and what the ones sent got.
  const refreshWaiting = async () => {
    const waiting = (await queue.all()).length;
    const offline = !online();
    offlineNotice.hidden = !offline && waiting === 0;
    offlineNotice.textContent = texts.offline;
    waitingLine.hidden = waiting === 0;
    waitingLine.textContent = waiting === 1
      ? texts.waiting_one
      : texts.waiting_many.replace("{count}", String(waiting));
    offlineBox.hidden = offlineNotice.hidden && waitingLine.hidden && !syncedList.children.length;
  };

  let syncing = false;
  let retryTimer = null;
  const scheduleSync = () => {
    if (retryTimer === null) {
      retryTimer = window.setInterval(sync, RETRY_MS);
    }
  };

  const sync = async () => {
    if (syncing || !online()) {
      await refreshWaiting();
      if ((await queue.all()).length) {
        scheduleSync();
      }
      return;
    }
    syncing = true;
    try {
      for (const scan of await queue.all()) {
        const answer = await send(scan, true);
        if (answer === null || answer.kind === "limited" || !answer.kind) {
          break; // the network or the server is not there yet: try again later
        }
        await queue.remove(scan.key);
        const item = document.createElement("li");
        item.className = `door-synced door-synced--${answer.kind}`;
        item.textContent = texts.synced.replace("{summary}", answer.summary || answer.message);
        syncedList.append(item);
      }
    } finally {
      syncing = false;
    }
    const left = (await queue.all()).length;
    if (left === 0 && retryTimer !== null) {
      window.clearInterval(retryTimer);
      retryTimer = null;
    } else if (left > 0) {
      scheduleSync(); // scans kept from before a reload, or the server not there yet
    }
    await refreshWaiting();
  };

  window.addEventListener("online", sync);
  window.addEventListener("offline", refreshWaiting);

  // Forms: the typed code, and each person found by name.
  root.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-door-form]");
    if (!form) {
      return;
    }
    event.preventDefault();
    if (form.dataset.doorForm === "code") {
      const code = codeInput.value.trim();
      if (!code) {
        return;
      }
      codeInput.value = "";
      checkIn({ code });
    } else {
      checkIn({ registration_id: form.querySelector("input[name=registration_id]").value });
    }
  });

  // "Next": back to scanning without reloading.
  answerArea.addEventListener("click", (event) => {
    const next = event.target.closest("[data-door-next]");
    if (!next) {
      return;
    }
    event.preventDefault();
    answerArea.replaceChildren();
    scanner.resume();
    codeInput.focus();
  });

  // The camera.
  const scanner = (() => {
    const section = root.querySelector("[data-door-scanner]");
    const startButton = section.querySelector("[data-door-camera]");
    const view = section.querySelector("[data-door-view]");
    const video = section.querySelector("video");
    const canvas = section.querySelector("canvas");
    const message = section.querySelector("[data-door-camera-message]");
    const startLabel = startButton.textContent;
    let stream = null;
    let detector = null;
    let paused = false;
    let last = { code: "", at: 0 };

    const say = (text) => {
      message.textContent = text;
    };

    const loadJsQR = () => new Promise((resolve) => {
      if (window.jsQR) {
        resolve(window.jsQR);
        return;
      }
      const script = document.createElement("script");
      script.src = root.dataset.decoderUrl;
      script.onload = () => resolve(window.jsQR || null);
      script.onerror = () => resolve(null);
      document.head.append(script);
    });

    const makeDetector = async () => {
      if ("BarcodeDetector" in window) {
        try {
          const formats = await window.BarcodeDetector.getSupportedFormats();
          if (formats.includes("qr_code")) {
            const native = new window.BarcodeDetector({ formats: ["qr_code"] });
            return async (source) => {
              const codes = await native.detect(source);
              return codes.length ? codes[0].rawValue : null;
            };
          }
        } catch {
          // fall through to jsQR
        }
      }
      const jsQR = await loadJsQR();
      if (!jsQR) {
        return null;
      }
      const context = canvas.getContext("2d", { willReadFrequently: true });
      return async (source) => {
        const width = source.videoWidth;
        const height = source.videoHeight;
        if (!width || !height) {
          return null;
        }
        canvas.width = width;
        canvas.height = height;
        context.drawImage(source, 0, 0, width, height);
        const found = jsQR(context.getImageData(0, 0, width, height).data, width, height, {
          inversionAttempts: "dontInvert",
        });
        return found ? found.data : null;
      };
    };

    const tick = async () => {
      if (!stream) {
        return;
      }
      if (!paused && video.readyState >= 2) {
        let code = null;
        try {
          code = await detector(video);
        } catch {
          code = null;
        }
        const now = Date.now();
        // The same badge held in front of the camera is one scan, not one per frame.
        if (code && !(code === last.code && now - last.at < 5000)) {
          last = { code, at: now };
          paused = true;
          checkIn({ code });
        }
      }
      window.setTimeout(tick, 150);
    };

    const stop = () => {
      if (stream) {
        stream.getTracks().forEach((track) => track.stop());
      }
      stream = null;
      view.hidden = true;
      startButton.textContent = startLabel;
      say("");
    };

    const start = async () => {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say(texts.camera_unavailable);
        return;
      }
      say(texts.camera_starting);
      try {
        detector = detector || (await makeDetector());
        if (!detector) {
          say(texts.camera_unavailable);
          return;
        }
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
      } catch {
        stream = null;
        say(texts.camera_unavailable);
        return;
      }
      video.srcObject = stream;
      view.hidden = false;
      await video.play().catch(() => {});
      startButton.textContent = texts.stop_camera;
      paused = false;
      say(texts.camera_scanning);
      tick();
    };

    section.hidden = false;
    startButton.addEventListener("click", () => (stream ? stop() : start()));
    return {
      resume: () => {
        paused = false;
      },
    };
  })();

  refreshWaiting().then(sync);
})();
