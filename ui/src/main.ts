import { mount } from "svelte";
import "./app.css";
import { AppState } from "./app.svelte";
import App from "./components/App.svelte";
import { TauriBackend } from "./tauriBackend";

// The app runs in the desktop shell's webview: every call goes to the core over Tauri IPC.
const app = new AppState(new TauriBackend());
mount(App, { target: document.getElementById("app")!, props: { app } });
