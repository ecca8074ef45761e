<?php

namespace App\Http\Controllers;

use Illuminate\Http\JsonResponse;
use Illuminate\Support\Number;

class OrderController extends Controller
{
    public function index(): JsonResponse
    {
        $orders = [
            ['id' => 1001, 'customer' => 'Globex', 'total' => 1299.5],
            ['id' => 1002, 'customer' => 'Initech', 'total' => 89.99],
        ];

        return response()->json(array_map(fn (array $o) => $o + [
            // Number::currency uses ext-intl.
            'formatted' => Number::currency($o['total'], in: 'EUR', locale: 'de_DE'),
        ], $orders));
    }
}
