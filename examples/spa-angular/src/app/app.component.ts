import { Component } from '@angular/core';

@Component({
  selector: 'app-root',
  template: '<h1>hello from spa-angular</h1>',
})
export class AppComponent {}
