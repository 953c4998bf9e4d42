// Fabrikam Verify: reload when the set of waiting requests changes, as a phone app would refresh.
(() => {
  const section = document.getElementById("device-requests");
  if (!section) return;
  const shown = section.dataset.ids || "";
  const poll = async () => {
    try {
      const response = await fetch(section.dataset.pollUrl, { headers: { accept: "application/json" }, cache: "no-store" });
      if (response.ok) {
        const { ids } = await response.json();
        if (ids.join(",") !== shown) {
          location.reload();
          return;
        }
      }
    } catch {
      // Retried on the next tick.
    }
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1500);
})();
