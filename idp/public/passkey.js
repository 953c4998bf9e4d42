// Fabrikam Identity: runs the WebAuthn ceremony for forms marked data-webauthn, then posts the result as JSON.
(() => {
  const { startAuthentication, startRegistration, browserSupportsWebAuthn } = window.SimpleWebAuthnBrowser || {};
  for (const form of document.querySelectorAll("form[data-webauthn]")) {
    const errorBox = form.parentElement.querySelector(".webauthn-error");
    const showError = (message) => {
      if (!errorBox) return;
      errorBox.textContent = message;
      errorBox.hidden = false;
    };
    form.addEventListener("submit", async (event) => {
      const field = form.querySelector('input[name="response"]');
      if (field.value) return;
      event.preventDefault();
      if (!browserSupportsWebAuthn || !browserSupportsWebAuthn()) {
        showError("This browser does not support passkeys. Choose another way to verify.");
        return;
      }
      const optionsJSON = JSON.parse(document.getElementById(form.dataset.options).textContent);
      try {
        const result = form.dataset.webauthn === "register" ? await startRegistration({ optionsJSON }) : await startAuthentication({ optionsJSON });
        field.value = JSON.stringify(result);
        form.submit();
      } catch (error) {
        showError(error && error.name === "NotAllowedError" ? "The passkey request was cancelled or timed out. Try again." : `The passkey did not work: ${error.message}`);
      }
    });
    // The button starts disabled: a click before this script ran would post an empty response.
    const button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = false;
  }
})();
