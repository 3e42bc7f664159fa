import { mount } from "svelte";
import "./app.css";
import { AppState } from "./app.svelte";
import { api } from "./bindings/api";
import App from "./components/App.svelte";
import { ipcCall } from "./lib/ipc";

// The app runs in the desktop shell's webview: every call goes to the core over Tauri IPC.
const app = new AppState(api(ipcCall));
mount(App, { target: document.getElementById("app")!, props: { app } });
