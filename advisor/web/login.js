// Advisor sign-in: posts the form as JSON; the server sets an HttpOnly cookie, then we open the desk.
(function () {
  "use strict";
  var form = document.getElementById("login-form");
  var errorBox = document.getElementById("login-error");
  var submit = document.getElementById("login-submit");

  function showError(text, field) {
    errorBox.textContent = text;
    errorBox.hidden = false;
    errorBox.focus();
    if (field) field.setAttribute("aria-invalid", "true");
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var email = form.elements.email;
    var password = form.elements.password;
    email.removeAttribute("aria-invalid");
    password.removeAttribute("aria-invalid");
    errorBox.hidden = true;
    if (!email.value.trim()) return showError("Enter your email address.", email);
    if (!password.value) return showError("Enter your password.", password);
    submit.disabled = true;
    try {
      var response = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ email: email.value.trim(), password: password.value })
      });
      if (response.ok) {
        window.location.assign("/advisor");
        return;
      }
      var reason = "Sign-in failed. Please try again.";
      if (response.status === 401) reason = "The email address or password is not right.";
      if (response.status === 429) reason = "Too many attempts. Please wait a minute and try again.";
      password.value = "";
      showError(reason, response.status === 401 ? password : null);
    } catch (problem) {
      showError("The service could not be reached. Check your connection and try again.");
    } finally {
      submit.disabled = false;
    }
  });
})();
