// The launch page's entry script (launch/index.html).
import '../styles.css';
import { runLaunchPage } from './launch-page.ts';

const container = document.getElementById('root');
if (!container) throw new Error('launch/index.html has no #root element');
void runLaunchPage(window.location, container);
