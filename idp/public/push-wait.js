// Fabrikam Identity: while a push request waits, ask the server every 1.5 s; once answered, continue the sign-in.
(() => {
  const status = document.getElementById("push-status");
  const form = document.getElementById("push-complete");
  if (!status || !form) return;
  const url = status.dataset.statusUrl;
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
      if (response.ok) {
        const { status: state } = await response.json();
        if (state !== "pending") {
          form.submit();
          return;
        }
      }
    } catch {
      // A dropped poll is retried; the button still works.
    }
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1500);
})();
