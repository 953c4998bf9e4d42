// Fabrikam Identity: runs the WebAuthn ceremony for forms marked data-webauthn, then posts the result as JSON.
(() => {
  const { startAuthentication, startRegistration, browserSupportsWebAuthn } = window.SimpleWebAuthnBrowser || {};
  const forms = [...document.querySelectorAll("form[data-webauthn]")];
  for (const form of forms) {
    const errorBox = form.parentElement.querySelector(".webauthn-error");
    const field = form.querySelector('input[name="response"]');
    const button = form.querySelector('button[type="submit"]');
    const showError = (message) => {
      if (!errorBox) return;
      errorBox.textContent = message;
      errorBox.hidden = false;
    };
    const clearError = () => {
      if (!errorBox) return;
      errorBox.hidden = true;
      errorBox.textContent = "";
    };
    form.addEventListener("submit", async (event) => {
      if (field.value) return;
      event.preventDefault();
      clearError();
      if (!browserSupportsWebAuthn?.()) {
        showError("This browser does not support passkeys. Choose another way to verify.");
        return;
      }
      const optionsJSON = JSON.parse(document.getElementById(form.dataset.options).textContent);
      // One ceremony at a time: a second click while the browser's passkey dialog is open would abort the first.
      if (button) button.disabled = true;
      try {
        const result = form.dataset.webauthn === "register" ? await startRegistration({ optionsJSON }) : await startAuthentication({ optionsJSON });
        field.value = JSON.stringify(result);
        form.submit();
        return;
      } catch (error) {
        // AbortError: the ceremony was replaced or the page is going away; nothing the person needs to read.
        if (error && error.name !== "AbortError") {
          showError(
            error.name === "NotAllowedError" ? "The passkey request was cancelled or timed out. Try again." : `The passkey did not work: ${error.message}`,
          );
        }
      }
      if (button) button.disabled = false;
    });
    // The button starts disabled: a click before this script ran would post an empty response.
    if (button) button.disabled = false;
  }
  // Back/forward cache: a page restored after posting still holds the old assertion; never post it again.
  window.addEventListener("pageshow", () => {
    for (const form of forms) {
      const field = form.querySelector('input[name="response"]');
      const button = form.querySelector('button[type="submit"]');
      if (field) field.value = "";
      if (button) button.disabled = false;
    }
  });
})();
