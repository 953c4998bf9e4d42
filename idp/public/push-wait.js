// Fabrikam Identity: while a push request waits, ask the server every 1.5 s; once answered, continue the sign-in.
(() => {
  const status = document.getElementById("push-status");
  const form = document.getElementById("push-complete");
  if (!status || !form) return;
  const url = status.dataset.statusUrl;
  const button = form.querySelector('button[type="submit"]');
  // One completion per page: the button and the poll must not both post it.
  let submitted = false;
  const lock = () => {
    submitted = true;
    if (button) button.disabled = true;
  };
  form.addEventListener("submit", (event) => {
    if (submitted) event.preventDefault();
    else lock();
  });
  const poll = async () => {
    if (submitted) return;
    try {
      const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
      if (submitted) return;
      if (response.status >= 400 && response.status < 500) {
        // The sign-in itself is gone (expired, or replaced in another tab): polling again cannot help.
        status.textContent = "This sign-in has expired. Return to Fabrikam Intranet and try again.";
        if (button) button.disabled = true;
        return;
      }
      if (response.ok) {
        const { status: state } = await response.json();
        if (state !== "pending") {
          lock();
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
