// Fabrikam Verify: show the new list when the set of waiting requests changes, as a phone app would refresh.
(() => {
  const section = document.getElementById("device-requests");
  if (!section) return;
  const shown = section.dataset.ids || "";
  // A number half typed into a card is not thrown away: the refresh waits until the fields are empty again.
  const typing = () => [...section.querySelectorAll("input")].some((input) => input.value !== "");
  const poll = async () => {
    try {
      const response = await fetch(section.dataset.pollUrl, { headers: { accept: "application/json" }, cache: "no-store" });
      if (response.ok) {
        const { ids } = await response.json();
        if (ids.join(",") !== shown && !typing()) {
          // Without ?done=: the notice of the last answer is not shown again, and no history entry is added.
          location.replace("/device");
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
