<?php

use App\Http\Controllers\OrderController;
use Illuminate\Support\Facades\Route;

Route::get('/', function () {
    return view('welcome', ['message' => 'hello from php-laravel']);
});

Route::get('/orders', [OrderController::class, 'index']);
