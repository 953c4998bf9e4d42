// Submits the sign-out confirmation at once; the button stays for browsers without JavaScript.
document.getElementById("logout-yes")?.click();
